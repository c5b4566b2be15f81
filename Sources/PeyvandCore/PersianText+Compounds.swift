/// Compound names — "محمدرضا", "محمد رضا", "محمد‌رضا"; "عبدالله", "عبد الله" — are written as
/// one word or two. ``searchKey(_:)`` already joins the ZWNJ form into one word; these helpers let
/// a word index meet the other spellings both ways: a name is indexed with each two neighbouring
/// words also joined (``joinedNeighbours(_:)``), and a query is tried with neighbouring words
/// joined as well as apart (``compoundForms(_:)``).
extension PersianText {
    /// The words of `s` after ``searchKey(_:)``: runs of letters and digits.
    public static func words(_ s: String) -> [String] {
        searchKey(s).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// Each two neighbouring words of `s` written together ("محمد رضا کریمی" → "محمدرضا",
    /// "رضاکریمی"), for words of letters only (a number is not half of a name).
    public static func joinedNeighbours(_ s: String) -> [String] {
        let words = words(s)
        guard words.count > 1 else { return [] }
        return zip(words, words.dropFirst()).compactMap { a, b in
            a.allSatisfy(\.isLetter) && b.allSatisfy(\.isLetter) ? a + b : nil
        }
    }

    /// The ways to read the query words `terms`, each two neighbours either apart or joined
    /// (["محمد", "ر"] → [["محمد", "ر"], ["محمدر"]]), as typed first. Up to five words are
    /// combined (eight forms at most); a longer query is read only as typed.
    public static func compoundForms(_ terms: [String]) -> [[String]] {
        guard terms.count > 1, terms.count <= 5 else { return [terms] }
        func forms(from i: Int) -> [[String]] {
            if i >= terms.count { return [[]] }
            var result = forms(from: i + 1).map { [terms[i]] + $0 }
            if i + 1 < terms.count { result += forms(from: i + 2).map { [terms[i] + terms[i + 1]] + $0 } }
            return result
        }
        return forms(from: 0)
    }
}
