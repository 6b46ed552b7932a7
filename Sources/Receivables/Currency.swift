/// An ISO 4217 currency: its three-letter code and how many minor-unit digits it has (EUR: 2).
public struct Currency: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The code's three letters, the first in the high byte (so ordered as the codes are), and the minor digits: eight
    /// bytes instead of a string's and an integer's 24, for the records a big day holds by the hundred thousand.
    private let letters: UInt32
    private let digits: UInt8

    /// The upper-case three-letter code, e.g. `EUR`.
    public var code: String {
        // Three ASCII bytes: a small string, made without allocating.
        String(unsafeUninitializedCapacity: 3) { bytes in
            (bytes[0], bytes[1], bytes[2]) = (UInt8(letters >> 16), UInt8(letters >> 8 & 0xFF), UInt8(letters & 0xFF))
            return 3
        }
    }
    /// Digits after the decimal point in this currency's amounts (0 for JPY, 2 for EUR, 3 for KWD).
    public var minorDigits: Int { Int(digits) }

    /// The euro.
    public static let euro = Currency(validCode: "EUR", minorDigits: 2)

    /// A currency by its code, upper or lower case. Returns nil unless the code is three ASCII letters.
    ///
    /// Minor digits come from ISO 4217 for the currencies with 0 or 3 digits; every other code has 2.
    public init?(code: String) {
        if code == "EUR" {
            self = .euro
            return
        }
        let upper = code.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) ? code : code.uppercased()
        guard upper.utf8.count == 3, upper.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return nil }
        self.init(validCode: upper, minorDigits: Self.exceptionalMinorDigits[upper] ?? 2)
    }

    /// A currency from three upper-case ASCII letters.
    private init(validCode: String, minorDigits: Int) {
        letters = validCode.utf8.reduce(0) { $0 << 8 | UInt32($1) }
        digits = UInt8(minorDigits)
    }

    /// ISO 4217 currencies whose minor unit is not two digits.
    private static let exceptionalMinorDigits: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0,
        "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
        "CLF": 4, "UYW": 4,
    ]

    public var description: String { code }

    public static func < (lhs: Currency, rhs: Currency) -> Bool { lhs.letters < rhs.letters }
}
