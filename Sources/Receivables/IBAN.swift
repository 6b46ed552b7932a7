/// An International Bank Account Number, validated by its length for the country and its mod-97 check.
public struct IBAN: Hashable, Sendable, CustomStringConvertible {
    /// Upper case, no spaces: `FI2112345600000785`.
    public let canonical: String

    /// Validates an IBAN; spaces and lower case are tolerated.
    /// - Throws: `ValueError` naming what is wrong.
    public init(parsing text: String) throws(ValueError) {
        let compact = String(text.unicodeScalars.filter { !$0.properties.isWhitespace }).uppercased()
        func refuse(_ problem: String) -> ValueError { ValueError(expected: "IBAN", text: text, problem: problem) }
        let bytes = Array(compact.utf8)
        guard bytes.count >= 5, bytes[0...1].allSatisfy(Self.isLetter), bytes[2...3].allSatisfy(Self.isDigit) else {
            throw refuse("it must start with a country code and two check digits")
        }
        guard bytes.allSatisfy({ Self.isLetter($0) || Self.isDigit($0) }) else {
            throw refuse("it may hold only letters and digits")
        }
        let country = String(compact.prefix(2))
        if let length = Self.lengths[country] {
            guard bytes.count == length else { throw refuse("an IBAN from \(country) has \(length) characters") }
        } else {
            guard (15...34).contains(bytes.count) else { throw refuse("an IBAN has 15 to 34 characters") }
        }
        var remainder = 0
        for byte in bytes[4...] + bytes[0..<4] {
            remainder = Self.isDigit(byte)
                ? (remainder * 10 + Int(byte - 0x30)) % 97
                : (remainder * 100 + Int(byte - 0x41 + 10)) % 97
        }
        guard remainder == 1 else { throw refuse("its check digits do not match") }
        self.canonical = compact
    }

    /// The IBAN of a Finnish account number in machine form (14 digits, as KTL files and old Finvoice messages
    /// give it), or nil if `bban` is not 14 digits.
    public init?(finnishBBAN bban: String) {
        guard bban.utf8.count == 14, bban.utf8.allSatisfy(Self.isDigit) else { return nil }
        var remainder = 0
        for byte in (bban + "FI00").utf8 {
            remainder = Self.isDigit(byte)
                ? (remainder * 10 + Int(byte - 0x30)) % 97 : (remainder * 100 + Int(byte - 0x41 + 10)) % 97
        }
        let check = 98 - remainder
        self.canonical = "FI" + (check < 10 ? "0" : "") + String(check) + bban
    }

    /// The two-letter country code.
    public var countryCode: String { String(canonical.prefix(2)) }

    /// Groups of four: `FI21 1234 5600 0007 85`.
    public var printForm: String {
        var groups: [Substring] = []
        var rest = Substring(canonical)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }

    public var description: String { canonical }

    private static func isLetter(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// IBAN lengths of the countries saatava's customers most often pay from (SWIFT IBAN registry).
    private static let lengths: [String: Int] = [
        "AT": 20, "BE": 16, "CH": 21, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18,
        "FR": 27, "GB": 22, "GL": 18, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20,
        "LV": 21, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "SE": 24, "SI": 19, "SK": 24,
    ]
}
