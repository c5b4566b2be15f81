import Foundation

/// What the analytics page (`analytics.mustache`) renders, every value already written for the
/// reader. A model section is absent when the model has not run; a run the data could not
/// support carries its `note` and no `fit`.
struct AnalyticsModel {
    struct RunInfo { let when: String, customers: String, seconds: String }
    /// Why a model was not fitted: said in the reader's language, with the model's own technical
    /// words beside it (shown as code).
    struct Note { let text: String, detail: String }
    struct Section<Fit> { let run: RunInfo, note: Note?, fit: Fit? }
    struct SegmentRow { let key: String, label: String, count: String }
    struct Decile { let decile: String, share: String }
    struct Value {
        let run: RunInfo
        let total: String, topFifth: String, for80: String, unprofitable: String, unprofitableTotal: String
        let chart: String
        let deciles: [Decile]
    }
    struct Parameter { let name: String, value: String }
    /// A fitted lifetime-value model (BG/NBD, Gamma-Gamma) and its parameters.
    struct FittedModel { let name: String, run: RunInfo, note: Note?, parameters: [Parameter] }
    struct RetentionRow { let rank: String, id: Int64, name: String, value: String, risk: String, recency: String, reason: String, action: String }

    struct HoldoutBin { let label: String, predicted: String, actual: String }
    struct HoldoutFit {
        let calibrationEnd: String, days: String, predicted: String, actual: String, error: String, penalizer: String
        let chart: String
        let bins: [HoldoutBin]
    }
    struct BehaviourRow {
        let key: Int, number: String, name: String, customers: String, share: String
        let recency: String, frequency: String, spend: String, tenure: String
    }
    struct BehaviourFit { let k: String, silhouette: String, chart: String, segments: [BehaviourRow] }
    struct CoefficientRow { let name: String, coefficient: String, standardized: String, odds: String }
    struct ChurnFit {
        let auc: String, precision: String, rate: String, train: String, test: String, horizon: String, cut: String
        let chart: String
        let coefficients: [CoefficientRow]
    }
    struct SurvivalGroup { let name: String, median: String, year: String }
    struct SurvivalFit { let lapse: String, chart: String, groups: [SurvivalGroup] }

    let scored: Bool
    let rfmRun: RunInfo?
    let segmentChart: String
    let segments: [SegmentRow]
    let value: Value?
    let models: [FittedModel]
    let keep: [RetentionRow]
    let winBack: [RetentionRow]
    let holdout: Section<HoldoutFit>?
    let behaviour: Section<BehaviourFit>?
    let churn: Section<ChurnFit>?
    let survival: Section<SurvivalFit>?
}
