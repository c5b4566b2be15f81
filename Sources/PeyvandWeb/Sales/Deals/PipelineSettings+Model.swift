import Foundation
import PeyvandCore
import PeyvandStore

/// What the pipelines settings page (`pipelines-settings.mustache`) renders: each pipeline with its
/// stages in order (name, default chance, up/down, archive), a form to add a stage, and one to
/// add a pipeline.
struct PipelineSettingsModel {
    struct Stage {
        let id: Int64, pipelineId: Int64, position: String, name: String, probability: String, archived: Bool
        let first: Bool, last: Bool
    }
    struct Row { let id: Int64, name: String, archived: Bool, version: Int, stages: [Stage], dealsHref: String }

    let pipelines: [Row]
    let flash: String?
    let errors: [FieldError]
    let newName: String
    let newStage: String
    let newProbability: String
}

extension PipelineSettingsModel {
    init(_ all: [Pipeline], done: String?, issues: [FieldIssue], form: FormData?, text x: PageText) {
        pipelines = all.map { p in
            let live = p.stages
            return Row(id: p.id, name: p.name, archived: p.archived, version: p.version,
                       stages: live.enumerated().map { n, s in
                           Stage(id: s.id, pipelineId: p.id, position: x.number(n + 1), name: s.name, probability: String(s.probability.percent),
                                 archived: s.archived, first: n == 0, last: n == live.count - 1)
                       },
                       dealsHref: "/deals?pipeline=\(p.id)")
        }
        flash = done.map { x.t("pipeline_done_\($0)") }
        errors = x.dealErrors(issues)
        newName = form?["name"] ?? ""
        newStage = form?["stage"] ?? ""
        newProbability = form?["probability"] ?? ""
    }
}
