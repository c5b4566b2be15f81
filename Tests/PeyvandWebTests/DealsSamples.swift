import Foundation
import PeyvandCore
@testable import PeyvandWeb

/// Fully populated models of the deal pages (board, list, deal, form, pipelines settings) and the
/// 360 page's deals box, for `TemplateKeysTests` and the view tests.
enum DealsSamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [("deals-board", board(x)), ("deals-list", list(x)), ("deal", deal(x)), ("deal-form", form(x)), ("pipelines-settings", settings(x))]
    }

    static func error(_ x: PageText, _ field: String) -> FieldError { PageModelSamples.error(x, field) }
    static func rial(_ x: PageText, _ minor: Int64) -> String { PageModelSamples.rial(x, minor) }
    static let day = JalaliDate(daysSinceUnixEpoch: 20_440)

    static func customerBox(_ x: PageText) -> Customer360Deals {
        Customer360Deals(rows: [.init(id: 7, title: "۵۰ کیلو چای", stage: "مذاکره", amount: rial(x, 50_000_000), probability: x.chance(Probability(clamping: 75)),
                                      close: x.dealDay(day))], canCreate: true, canQuote: true, canContract: true, customerId: 42)
    }

    static func board(_ x: PageText) -> DealsBoardModel {
        let card = DealsBoardModel.Card(id: 7, title: "۵۰ کیلو چای", customerId: 42, customer: "شرکت نمونه", amount: rial(x, 50_000_000), amountBase: 50_000_000,
                                        close: x.dealDay(day), owner: "سارا", version: 3, stageId: 2, moves: [.init(id: 3, name: "مذاکره")], overdue: true)
        return DealsBoardModel(
            pipelineId: 1, pipelineName: "فروش", pipelines: [Choice(value: "1", label: "فروش", selected: true)],
            owners: [Choice(value: "2", label: "سارا", selected: true)], closeFrom: "1405/10/01", closeTo: "1405/12/29", filtered: true,
            columns: [.init(stageId: 2, name: "نیازسنجی", position: x.number(1), probability: x.chance(Probability(clamping: 25)), count: x.number(1), countValue: 1,
                            total: rial(x, 50_000_000), totalMinor: 50_000_000, cards: [card], more: "/deals/list?status=open&stage=2")],
            canWrite: true, canConfigure: true, notice: x.t("deal_move_conflict"), errors: [error(x, "closeFrom")], query: "pipeline=1",
            unit: x.unitLabel(.irr), toman: false, places: 0)
    }

    static func list(_ x: PageText) -> DealsListModel {
        DealsListModel(
            rows: [.init(id: 7, title: "۵۰ کیلو چای", customerId: 42, customer: "شرکت نمونه", stage: "مذاکره", status: "open", statusLabel: x.dealStatus(.open),
                         amount: rial(x, 50_000_000), probability: x.chance(Probability(clamping: 75)), close: x.dealDay(day), owner: "سارا")],
            next: "/deals/list?after=x", pipelines: [Choice(value: "1", label: "فروش", selected: true)],
            stages: [Choice(value: "2", label: "مذاکره", selected: true)], statuses: [Choice(value: "open", label: x.dealStatus(.open), selected: true)],
            owners: [Choice(value: "2", label: "سارا", selected: true)], closeFrom: "1405/10/01", closeTo: "1405/12/29", q: "چای", boardHref: "/deals?pipeline=1",
            canWrite: true, errors: [error(x, "closeTo")])
    }

    static func deal(_ x: PageText) -> DealModel {
        let w = PageModelSamples.when(x)
        return DealModel(
            deal: .init(id: 7, number: x.id(7), title: "۵۰ کیلو چای", status: "lost", statusLabel: x.dealStatus(.lost), pipeline: "فروش", stage: "مذاکره",
                        customerId: 42, customer: "شرکت نمونه", owner: "سارا", amount: x.money(Money(minorUnits: 1250, currency: .usd)),
                        amountBase: rial(x, 7_500_000), probability: x.chance(Probability(clamping: 65)), overridden: true, close: x.dealDay(day), overdue: true,
                        nextStep: "جلسه با مدیر خرید", source: "نمایشگاه", reason: "قیمت بالا", competitor: "رقیب الف", closed: w, version: 4, deleted: true, created: w),
            contacts: [.init(id: 43, name: "مریم احمدی")],
            lines: [.init(no: x.number(1), description: "چای ممتاز", sku: "TEA-1", quantity: x.decimal("2.5"), unitPrice: rial(x, 1_000_000), total: rial(x, 2_500_000))],
            linesTotal: rial(x, 2_500_000),
            history: [.init(stage: "مذاکره", statusLabel: x.dealStatus(.open), status: "open", entered: w, left: w, stay: x.stay(3 * 86_400 + 7200), who: "سارا", current: true)],
            moves: [.init(id: 3, name: "ارائه پیشنهاد")], canWrite: true, isOpen: true, flash: x.t("deal_done_moved"), errors: [error(x, "reason")],
            closeForm: .init(reason: "قیمت", competitor: "رقیب", lost: true))
    }

    static func form(_ x: PageText) -> DealFormModel {
        DealFormModel(
            isNew: true, action: "/deals", dealId: 7, version: 3, heading: x.t("deal_new"), customer: .init(id: 42, name: "شرکت نمونه"), search: "نمونه",
            candidates: [.init(id: 42, name: "شرکت نمونه")], searched: true, contacts: [.init(id: 43, name: "مریم احمدی", checked: true)],
            owners: [Choice(value: "2", label: "سارا", selected: true)],
            stageGroups: [.init(pipeline: "فروش", stages: [Choice(value: "2", label: "نیازسنجی", selected: true)])],
            dealTitle: "۵۰ کیلو چای", amount: "50000000", currency: "IRR", probability: "60", expectedClose: "1405/10/01", nextStep: "تماس", source: "وب‌سایت",
            lines: [.init(n: 0, number: x.number(1), products: [.init(value: "TEA-1", label: "TEA-1 — چای", selected: true, price: "1000000")],
                          quantity: "2", unitPrice: "", description: "")],
            errors: [error(x, "title")])
    }

    static func settings(_ x: PageText) -> PipelineSettingsModel {
        PipelineSettingsModel(
            pipelines: [.init(id: 1, name: "فروش", archived: true, version: 2,
                              stages: [.init(id: 2, pipelineId: 1, position: x.number(1), name: "نیازسنجی", probability: "25",
                                             archived: true, first: false, last: false)],
                              dealsHref: "/deals?pipeline=1")],
            flash: x.t("pipeline_done_saved"), errors: [error(x, "name")], newName: "پروژه‌ها", newStage: "شروع", newProbability: "10")
    }
}
