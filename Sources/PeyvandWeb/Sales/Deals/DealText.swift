import Foundation
import PeyvandCore
import PeyvandStore

/// How deals' days, durations and chances are written for the reader.
extension PageText {
    /// A deal's day: Jalali with Persian digits in fa, Gregorian in en.
    func dealDay(_ day: JalaliDate) -> String { views.formatting.day(day, lang) }

    /// The value a day field shows and takes: `1405/10/01` in fa, `2027-12-22` in en.
    func dealDayField(_ day: JalaliDate?) -> String {
        guard let day else { return "" }
        return FormDates.format(day.date(timeZone: views.formatting.timeZone), lang, timeZone: views.formatting.timeZone, withTime: false)
    }

    /// A typed day (Jalali or Gregorian, Persian digits welcome) as the organisation's calendar day.
    func parseDealDay(_ text: String?) -> JalaliDate?? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return .some(nil) }
        guard let date = FormDates.parse(text, timeZone: views.formatting.timeZone) else { return nil }
        return .some(JalaliDate(date, timeZone: views.formatting.timeZone))
    }

    /// A chance in percent: `۵۰٪` / `50%`.
    func chance(_ p: Probability) -> String { number(p.percent) + (lang == .fa ? "٪" : "%") }

    /// How long a deal stayed in a stage: days and hours, hours and minutes, or minutes.
    func stay(_ seconds: TimeInterval) -> String {
        let total = Int(max(0, seconds) / 60)
        let days = total / 1440, hours = (total % 1440) / 60, minutes = total % 60
        func part(_ n: Int, _ key: String) -> String { t(key).replacingOccurrences(of: "{n}", with: number(n)) }
        let and = lang == .fa ? " و " : " "
        if days > 0 { return part(days, "deal_stay_days") + (hours > 0 ? and + part(hours, "deal_stay_hours") : "") }
        if hours > 0 { return part(hours, "deal_stay_hours") + (minutes > 0 ? and + part(minutes, "deal_stay_minutes") : "") }
        return part(minutes, "deal_stay_minutes")
    }

    /// A deal's status in the reader's words.
    func dealStatus(_ s: DealStatus) -> String { label("deal_status", s.rawValue) }

    /// The unit an amount is shown in (ریال, تومان, IRR, Toman, …), for a running total.
    func unitLabel(_ currency: Currency) -> String {
        String(money(Money.zero(currency)).split(separator: " ", maxSplits: 1).last ?? "")
    }
}

extension PageText {
    /// The names of a deal's and a pipeline's fields in the reader's language (`lines[1].quantity`
    /// → "ردیف ۲، مقدار"), else the field as sent.
    func dealFieldLabel(_ path: String) -> String {
        let names = ["title": "deal_title", "stageId": "deal_stage", "pipelineId": "board_pipeline", "customerId": "deal_customer",
                     "ownerId": "deal_owner", "amount": "deal_amount", "currency": "deal_currency", "probability": "deal_probability",
                     "expectedClose": "deal_expected_close", "nextStep": "deal_next_step", "source": "deal_source", "contactIds": "deal_contacts",
                     "reason": "deal_reason", "competitor": "deal_competitor", "closeFrom": "board_close_from", "closeTo": "board_close_to",
                     "version": "deal_version", "deal": "deal_one", "name": "pipeline_name", "stages": "pipeline_stages",
                     "pipeline": "pipeline_one", "archived": "pipeline_archived", "stageIds": "pipeline_order", "pipelineIds": "pipeline_order",
                     "lines": "deal_lines", "productId": "order_product", "sku": "order_product", "description": "order_description",
                     "quantity": "order_quantity", "unitPrice": "order_unit_price"]
        var parts: [String] = []
        for component in path.split(separator: ".").map(String.init) {
            let name = component.split(separator: "[").first.map(String.init) ?? component
            if let open = component.firstIndex(of: "["), let index = Int(component[component.index(after: open)...].dropLast()) {
                parts.append(t(name == "lines" ? "order_line" : names[name] ?? name) + " " + number(index + 1))
            } else {
                parts.append(names[name].map(t) ?? name)
            }
        }
        return parts.joined(separator: lang == .fa ? "، " : ", ")
    }

    /// Every issue as the forms of deals and pipelines list them, each with its field's name.
    func dealErrors(_ issues: [FieldIssue]) -> [FieldError] {
        issues.map { FieldError(field: $0.field, fieldLabel: dealFieldLabel($0.field), message: views.issueText($0, lang)) }
    }
}
