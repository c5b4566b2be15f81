/// One option of a `<select>` or one checkbox of a group, as every form's template shows it.
struct Choice {
    let value: String
    let label: String
    let selected: Bool
}

extension PageText {
    /// An option whose label is the catalog's label for `group_value`.
    func choice(_ value: String, _ group: String, selected: Bool) -> Choice {
        Choice(value: value, label: label(group, value), selected: selected)
    }
}
