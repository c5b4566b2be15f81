/// The parts of a vCard that Peyvand imports and exports.
///
/// Empty values are `nil` (or empty arrays). Phone numbers and e-mail
/// addresses are kept exactly as written in the card (a `tel:` URI prefix
/// is removed); normalise them with `PhoneNumber` / `EmailAddress`.
public struct VCardContact: Sendable, Hashable {
    /// `FN`.
    public var formattedName: String?
    /// `N`, second component.
    public var givenName: String?
    /// `N`, first component.
    public var familyName: String?
    /// `ORG`; several components (company;department) are joined with `", "`.
    public var organisation: String?
    /// `TITLE`.
    public var title: String?
    /// Every `TEL`, preferred ones (`TYPE=pref` / `PREF=1`) first, otherwise in file order.
    public var phones: [String]
    /// Every `EMAIL`, preferred ones first, otherwise in file order.
    public var emails: [String]
    /// The locality component of the first `ADR` that has one.
    public var city: String?
    /// `NOTE`; several notes are joined with a newline.
    public var note: String?
    /// `CATEGORIES`, from all such properties.
    public var categories: [String]

    public init(
        formattedName: String? = nil,
        givenName: String? = nil,
        familyName: String? = nil,
        organisation: String? = nil,
        title: String? = nil,
        phones: [String] = [],
        emails: [String] = [],
        city: String? = nil,
        note: String? = nil,
        categories: [String] = []
    ) {
        self.formattedName = formattedName
        self.givenName = givenName
        self.familyName = familyName
        self.organisation = organisation
        self.title = title
        self.phones = phones
        self.emails = emails
        self.city = city
        self.note = note
        self.categories = categories
    }
}
