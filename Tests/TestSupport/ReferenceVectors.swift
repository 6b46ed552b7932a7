import Foundation

/// The reference-number test vectors of ../shared/domain.md §3.3 and of the finnish-bank-utils fixture, shared
/// by the library tests and the command-line tests.
public enum ReferenceVectors {
    /// domain.md §3.3 generation table: base, Finnish reference, printed form, RF form.
    public static let generation: [(base: String, finnish: String, grouped: String, rf: String)] = [
        ("123", "1232", "1232", "RF111232"),
        ("1234", "12344", "12344", "RF0812344"),
        ("12345", "123453", "1 23453", "RF81123453"),
        ("100", "1009", "1009", "RF181009"),
        ("999", "9991", "9991", "RF049991"),
        ("5000", "50005", "50005", "RF1250005"),
        ("1000001", "10000016", "100 00016", "RF4210000016"),
        ("2023000017", "20230000177", "2 02300 00177", "RF9120230000177"),
        ("1234567890123456789", "12345678901234567894", "12345 67890 12345 67894", "RF0912345678901234567894"),
        ("9999999999999999999", "99999999999999999993", "99999 99999 99999 99993", "RF6599999999999999999993"),
    ]

    /// domain.md §3.3 valid inputs with their canonical forms.
    public static let valid: [(input: String, canonical: String)] = [
        ("1232", "1232"), ("12345672", "12345672"), ("00000000000000001232", "1232"), ("12 34561", "1234561"),
        ("1232 ", "1232"),
        ("RF18539007547034", "RF18539007547034"), ("RF18 5390 0754 7034", "RF18539007547034"),
        ("RF18000000000539007547034", "RF18000000000539007547034"), ("RF35123ABCZ", "RF35123ABCZ"),
        ("RF0812344", "RF0812344"), ("RF7812345", "RF7812345"), ("RF4113", "RF4113"), ("RF111232", "RF111232"),
    ]

    /// domain.md §3.3 invalid inputs.
    public static let invalid: [String] = [
        "1231", "12345670", "1 23456 7", "123", "12", "123456789012345678901", "12A4", "0013", "13",
        "00000000000000000000",
        "RF711232", "RF451232", "RF991232", "RF19123ABCZ", "RF18539007547035", "RF1", "RF00",
        "RF18 5390 0754 7034 0000 0000 1", "RF4612345672",
    ]

    /// One line of the finnish-bank-utils fixture: its kind, input and expected value.
    public struct FixtureLine: Sendable {
        public let kind: String
        public let input: String
        public let expected: String
    }

    /// The lines of Fixtures/finnish-bank-utils__reference_and_barcode_vectors.tsv (comments skipped).
    public static let fixtureLines: [FixtureLine] = {
        let path = packageRoot.appendingPathComponent(
            "Tests/ReceivablesTests/Fixtures/finnish-bank-utils__reference_and_barcode_vectors.tsv"
        ).path
        let text = try! String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return FixtureLine(kind: fields[0], input: fields[1], expected: fields[2])
        }
    }()

    /// The canonical form expected for a valid fixture input: no spaces; Finnish without leading zeros; RF upper.
    public static func canonical(_ input: String) -> String {
        let compact = input.replacingOccurrences(of: " ", with: "").uppercased()
        if compact.hasPrefix("RF") { return compact }
        return String(compact.drop(while: { $0 == "0" }))
    }
}
