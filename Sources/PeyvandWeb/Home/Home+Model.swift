import Foundation
import PeyvandCore
import PeyvandStore

/// What the start page (`home.mustache`) renders: the customers changed last; every area comes
/// from the layout's navigation.
struct HomeModel {
    struct Recent { let id: Int64, name: String, stage: String, stageLabel: String, city: String, updated: String }

    let canWrite: Bool
    let recent: [Recent]
}

extension HomeModel {
    init(_ recent: [Customer], principal: Principal, text x: PageText) {
        canWrite = principal.may(.customersWrite)
        self.recent = recent.map { c in
            Recent(id: c.id, name: c.fields.name, stage: c.fields.stage.rawValue, stageLabel: x.label("stage", c.fields.stage.rawValue),
                   city: c.fields.city ?? "", updated: x.when(c.updatedAt))
        }
    }
}
