/// Why an analytics computation could not produce a result.
///
/// Every model in this module reports bad input or a failed fit with one of
/// these cases instead of returning `NaN`, so callers can show a clear message.
public enum AnalyticsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No rows were given.
    case emptyInput(String)
    /// Only one customer was given where a population is needed.
    case singleCustomer(String)
    /// No customer made a repeat purchase, so the model has nothing to fit.
    case noRepeatPurchases
    /// An amount (spend, monetary value) was zero or negative.
    case nonPositiveAmount(customerID: String, amount: Double)
    /// A value is outside its domain (negative duration, recency > age, …).
    case invalidInput(String)
    /// A covariate takes the same value in every row.
    case constantCovariate(String)
    /// A covariate is (numerically) a linear combination of the others.
    case collinearCovariate(String)
    /// The optimiser did not converge.
    case noConvergence(model: String, iterations: Int)
    /// A fitted or supplied parameter makes the requested quantity undefined.
    case undefined(String)
    /// A value is NaN or infinite (`row` is zero-based).
    case nonFiniteValue(field: String, row: Int)
    /// The method needs more rows (or distinct rows) than were given, e.g.
    /// more clusters than customers.
    case tooFewRows(String, needed: Int, got: Int)
    /// A binary outcome takes only one value, so there is nothing to discriminate.
    case singleClass(String)
    /// A binary outcome is perfectly predicted by the covariates, so the
    /// unpenalised maximum-likelihood estimate does not exist (it is infinite).
    case perfectSeparation(String)

    public var description: String {
        switch self {
        case .emptyInput(let what):
            return "Empty input: \(what) has no rows."
        case .singleCustomer(let what):
            return "\(what) needs at least two customers; only one was given."
        case .noRepeatPurchases:
            return "No customer has a repeat purchase (frequency > 0); the model cannot be fitted."
        case .nonPositiveAmount(let id, let amount):
            return "Customer \(id) has a non-positive amount \(amount); amounts must be greater than zero."
        case .invalidInput(let why):
            return "Invalid input: \(why)."
        case .constantCovariate(let name):
            return "Covariate '\(name)' is constant in every row; remove it before fitting."
        case .collinearCovariate(let name):
            return "Covariate '\(name)' is a linear combination of the other covariates; remove it before fitting."
        case .noConvergence(let model, let iterations):
            return "\(model) did not converge after \(iterations) iterations."
        case .undefined(let why):
            return "Undefined result: \(why)."
        case .nonFiniteValue(let field, let row):
            return "Value of '\(field)' in row \(row + 1) is missing or not finite."
        case .tooFewRows(let what, let needed, let got):
            return "\(what) needs at least \(needed) rows; only \(got) were given."
        case .singleClass(let what):
            return "\(what) has only one outcome class; both outcomes must occur."
        case .perfectSeparation(let what):
            return "\(what): the outcome is perfectly separated by the covariates, so the unpenalised "
                + "estimate is infinite; use a penalty (finite C) or remove the separating covariate."
        }
    }
}
