import Foundation
import PeyvandCore
import PeyvandStore

/// The plain HTML a site pastes in to capture leads with a form: no script, no outside service.
/// It posts to this installation's `/w2l/{key}`, carries the hidden honeypot (kept off screen,
/// skipped by the keyboard and screen readers) and the consent checkbox with the form's wording.
enum LeadFormSnippet {
    static func html(_ form: LeadForm, baseURL: String, text x: PageText) -> String {
        let lang = x.lang.rawValue
        let dir = x.lang == .fa ? "rtl" : "ltr"
        func e(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func field(_ name: String, _ extra: String) -> String {
            "  <p><label>\(e(x.t("lead_f_\(name)")))<br><input name=\"\(name)\" \(extra)></label></p>"
        }
        var lines = [
            "<form method=\"post\" action=\"\(e(baseURL))/w2l/\(e(form.publicKey))\" accept-charset=\"UTF-8\" lang=\"\(lang)\" dir=\"\(dir)\">",
            "  <input type=\"hidden\" name=\"lang\" value=\"\(lang)\">",
            field("name", "required maxlength=\"200\" dir=\"auto\" autocomplete=\"name\""),
            field("company", "maxlength=\"200\" dir=\"auto\" autocomplete=\"organization\""),
            field("email", "type=\"email\" dir=\"ltr\" autocomplete=\"email\""),
            field("phone", "type=\"tel\" dir=\"ltr\" autocomplete=\"tel\""),
            field("province", "maxlength=\"100\" dir=\"auto\""),
            field("city", "maxlength=\"100\" dir=\"auto\""),
            "  <p><label>\(e(x.t("lead_f_message")))<br><textarea name=\"message\" rows=\"4\" maxlength=\"4000\" dir=\"auto\"></textarea></label></p>",
            "  <div style=\"position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap;opacity:0\" aria-hidden=\"true\">",
            "    <label>\(e(x.t("w2l_honeypot"))) <input name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></label>",
            "  </div>",
        ]
        let consent = x.lang == .en ? (form.consentEn ?? form.consentFa) : (form.consentFa ?? form.consentEn)
        if let consent {
            lines.append("  <p><label><input type=\"checkbox\" name=\"consent\" value=\"yes\"> \(e(consent))</label></p>")
        }
        lines.append("  <p><button type=\"submit\">\(e(x.t("w2l_send")))</button></p>")
        lines.append("</form>")
        return lines.joined(separator: "\n")
    }
}
