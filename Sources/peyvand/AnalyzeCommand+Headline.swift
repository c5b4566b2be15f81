import Foundation
import PeyvandStore

extension AnalyzeCommand.Refresh {
    /// A run's main figures on one line (curves, deciles and bins are left to the page and the API).
    static func headline(_ result: AnalyticsResult) -> String {
        func g(_ x: Double?) -> String { x.map { String(format: "%.6g", $0) } ?? "-" }
        switch result {
        case .rfm: return ""
        case .bgnbd(let m):
            return "r=\(g(m.r)) alpha=\(g(m.alpha)) a=\(g(m.a)) b=\(g(m.b)) logLikelihood=\(g(m.logLikelihood)) penalizer=\(g(m.penalizer))"
        case .gammaGamma(let m): return "p=\(g(m.p)) q=\(g(m.q)) v=\(g(m.v)) logLikelihood=\(g(m.logLikelihood))"
        case .bgnbdHoldout(let h):
            return "holdoutDays=\(h.holdoutDays) predicted=\(g(h.totalPredicted)) actual=\(g(h.totalActual)) meanAbsoluteError=\(g(h.meanAbsoluteError))"
        case .segments(let s): return "k=\(s.k) suggestedK=\(s.suggestedK) silhouette=\(g(s.silhouette)) inertia=\(g(s.inertia))"
        case .churn(let c):
            return "auc=\(g(c.auc)) precisionTopDecile=\(g(c.precisionTopDecile)) churnRate=\(g(c.churnRate)) train=\(c.trainCustomers) test=\(c.testCustomers)"
        case .survival(let s): return "lapseDays=\(s.lapseDays) curves=\(s.curves.count)"
        case .pareto(let p):
            return "totalProfit=\(p.totalProfit.majorString) \(p.totalProfit.currency.rawValue) topFifthShare=\(g(p.topFifthShare)) "
                + "customerShareFor80Percent=\(g(p.customerShareFor80Percent)) unprofitableCustomers=\(p.unprofitableCustomers)"
        }
    }
}
