/// A creditor reference that tells which invoice a payment is for: a Finnish national reference
/// (viitenumero, 7-3-1 check digit) or an international RF reference (ISO 11649, mod 97).
///
/// Always held in canonical form: Finnish references as digits without spaces or leading zeros, RF references
/// in upper case without spaces. A Finnish reference and its RF form name the same invoice: compare
/// `matchingKey`s to find that out.
public struct CreditorReference: Hashable, Sendable, CustomStringConvertible {
    /// The two reference systems.
    public enum Kind: String, Sendable {
        /// Finnish national reference, 4–20 digits with a 7-3-1 check digit.
        case finnish = "fi"
        /// RF creditor reference (ISO 11649): `RF`, two check digits and 1–21 letters or digits.
        case rf = "rf"
    }

    /// Which system the reference belongs to.
    public let kind: Kind
    /// The canonical text: `1232` or `RF111232`.
    public let canonical: String

    private init(kind: Kind, canonical: String) {
        self.kind = kind
        self.canonical = canonical
    }

    /// Validates a reference as written by a person, bank or invoicing system: spaces anywhere, leading zeros
    /// in Finnish references, and lower-case `rf` are tolerated. Text starting with `RF` is an RF reference;
    /// anything else is read as a Finnish one.
    /// - Throws: `ReferenceError` saying why the text is not a valid reference.
    public init(parsing text: String) throws(ReferenceError) {
        let compact = Self.compacted(text)
        if compact.hasPrefix("RF") {
            self = try Self.rf(compact: compact, text: text)
        } else {
            self = try Self.finnish(compact: compact, text: text)
        }
    }

    /// The Finnish reference for a base number: the base followed by its 7-3-1 check digit (`123` → `1232`).
    /// - Parameter base: 3–19 significant digits; spaces and leading zeros are tolerated.
    /// - Throws: `ReferenceError` if the base is not such a number.
    public init(finnishBase base: String) throws(ReferenceError) {
        let compact = String(base.unicodeScalars.filter { !$0.properties.isWhitespace })
        guard !compact.isEmpty else { throw ReferenceError(text: base, reason: .empty) }
        if let bad = compact.first(where: { !$0.isASCIIDigit }) {
            throw ReferenceError(text: base, reason: .notADigit(bad))
        }
        let significant = Self.droppingLeadingZeros(compact)
        guard significant.count >= 3 else { throw ReferenceError(text: base, reason: .baseTooShort) }
        guard significant.count <= 19 else { throw ReferenceError(text: base, reason: .baseTooLong) }
        self.init(kind: .finnish, canonical: significant + String(Self.finnishCheckDigit(Array(significant.utf8)[...])))
    }

    // MARK: Forms

    /// The RF form: for a Finnish reference, `RF` + check digits + the reference (`1232` → `RF111232`);
    /// an RF reference is its own RF form.
    public var rfForm: CreditorReference {
        guard kind == .finnish else { return self }
        return CreditorReference(kind: .rf, canonical: "RF\(Self.rfCheckDigits(body: canonical))\(canonical)")
    }

    /// The Finnish form: a Finnish reference itself, or the Finnish reference inside an RF reference whose body is
    /// one (`RF111232` → `1232`); nil for an RF reference whose body is not a valid Finnish reference.
    public var finnishForm: CreditorReference? {
        guard kind == .rf else { return self }
        return try? Self.finnish(compact: String(canonical.dropFirst(4)), text: canonical)
    }

    /// The key under which a Finnish reference and its RF form are the same: the Finnish digits where there are
    /// some, else the RF reference with any leading zeros of its body removed (they do not change its check).
    public var matchingKey: String {
        if let finnish = finnishForm { return finnish.canonical }
        return "RF" + canonical.dropFirst(2).prefix(2) + Self.droppingLeadingZeros(String(canonical.dropFirst(4)))
    }

    /// The form printed on invoices: Finnish in groups of five from the right (`12 34561`), RF in groups of four
    /// (`RF34 1234 561`).
    public var printForm: String {
        let characters = Array(canonical)
        var groups: [String] = []
        switch kind {
        case .finnish:
            var end = characters.count
            while end > 0 {
                groups.insert(String(characters[max(0, end - 5)..<end]), at: 0)
                end -= 5
            }
        case .rf:
            var start = 0
            while start < characters.count {
                groups.append(String(characters[start..<min(characters.count, start + 4)]))
                start += 4
            }
        }
        return groups.joined(separator: " ")
    }

    public var description: String { canonical }

    // MARK: Validation

    private static func finnish(compact: String, text: String) throws(ReferenceError) -> CreditorReference {
        let digits = Array(compact.utf8)
        guard !digits.isEmpty else { throw ReferenceError(text: text, reason: .empty) }
        if digits.contains(where: { $0 < 0x30 || $0 > 0x39 }) {
            throw ReferenceError(text: text, reason: .notADigit(compact.first { !$0.isASCIIDigit }!))
        }
        guard digits.count <= 20 else { throw ReferenceError(text: text, reason: .finnishTooLong) }
        let significant = digits.drop(while: { $0 == 0x30 })
        guard significant.count >= 4 else { throw ReferenceError(text: text, reason: .finnishTooShort) }
        let expected = finnishCheckDigit(significant.dropLast())
        let found = Int(significant.last! - 0x30)
        guard expected == found else {
            throw ReferenceError(text: text, reason: .finnishCheckDigit(expected: expected, found: found))
        }
        let canonical = significant.count == digits.count ? compact : String(decoding: significant, as: UTF8.self)
        return CreditorReference(kind: .finnish, canonical: canonical)
    }

    private static func rf(compact: String, text: String) throws(ReferenceError) -> CreditorReference {
        guard compact.count >= 5 else { throw ReferenceError(text: text, reason: .rfTooShort) }
        guard compact.count <= 25 else { throw ReferenceError(text: text, reason: .rfTooLong) }
        let checkDigits = compact.dropFirst(2).prefix(2)
        guard checkDigits.allSatisfy(\.isASCIIDigit) else {
            throw ReferenceError(text: text, reason: .rfCheckNotDigits)
        }
        let body = String(compact.dropFirst(4))
        if let bad = body.first(where: { !$0.isASCIIDigit && !$0.isASCIIUpperLetter }) {
            throw ReferenceError(text: text, reason: .notAlphanumeric(bad))
        }
        let expected = rfCheckDigits(body: body)
        guard expected == checkDigits else {
            throw ReferenceError(text: text, reason: .rfCheckDigits(expected: expected, found: String(checkDigits)))
        }
        return CreditorReference(kind: .rf, canonical: compact)
    }

    /// Whether ASCII digits end in the 7-3-1 check digit of the digits before it, as a Finnish reference must:
    /// a cheap test before parsing a candidate.
    public static func endsInFinnishCheckDigit(_ digits: [UInt8]) -> Bool {
        guard let last = digits.last, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return Int(last - 0x30) == finnishCheckDigit(digits.dropLast())
    }

    /// The 7-3-1 check digit: weights 7, 3, 1, 7, … from the right; the digit brings the sum up to a multiple
    /// of ten.
    private static func finnishCheckDigit(_ base: ArraySlice<UInt8>) -> Int {
        var sum = 0
        var weight = 7
        for digit in base.reversed() {
            sum += Int(digit - 0x30) * weight
            weight = weight == 7 ? 3 : (weight == 3 ? 1 : 7)
        }
        return (10 - sum % 10) % 10
    }

    /// ISO 11649 check digits for a body: 98 − (body + "RF00", letters as 10–35) mod 97, two digits.
    private static func rfCheckDigits(body: String) -> String {
        var remainder = 0
        for byte in (body + "RF00").utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
            }
        }
        let check = 98 - remainder
        return check < 10 ? "0\(check)" : String(check)
    }

    /// The text without any white space, in upper case (ASCII fast path; Unicode white space otherwise).
    private static func compacted(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            return String(text.unicodeScalars.filter { !$0.properties.isWhitespace }).uppercased()
        }
        if utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        for byte in utf8 where !(byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)) {
            bytes.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func droppingLeadingZeros(_ digits: String) -> String {
        String(digits.drop(while: { $0 == "0" }))
    }
}

/// Why a text is not a valid creditor reference.
public struct ReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ways a reference can be wrong.
    public enum Reason: Sendable, Equatable {
        /// Nothing but spaces.
        case empty
        /// A Finnish reference (or base) holds a character that is not a digit.
        case notADigit(Character)
        /// An RF reference's body holds a character that is neither a letter nor a digit.
        case notAlphanumeric(Character)
        /// Fewer than 4 digits once leading zeros are dropped.
        case finnishTooShort
        /// More than 20 digits.
        case finnishTooLong
        /// The last digit is not the 7-3-1 check digit of the others.
        case finnishCheckDigit(expected: Int, found: Int)
        /// Fewer than 5 characters: no body after `RF` and the check digits.
        case rfTooShort
        /// More than 25 characters.
        case rfTooLong
        /// The two characters after `RF` are not digits.
        case rfCheckNotDigits
        /// The mod-97 check fails.
        case rfCheckDigits(expected: String, found: String)
        /// A base for a Finnish reference needs at least 3 significant digits.
        case baseTooShort
        /// A base for a Finnish reference has at most 19 digits.
        case baseTooLong
        /// An RF reference whose body is not a Finnish reference has no Finnish form.
        case noFinnishForm
    }

    /// The text that was refused, as given.
    public let text: String
    /// Why it was refused.
    public let reason: Reason

    /// Creates an error for a refused text.
    public init(text: String, reason: Reason) {
        self.text = text
        self.reason = reason
    }

    public var description: String {
        let subject = "'\(text)'"
        switch reason {
        case .empty:
            return "the reference is empty"
        case .notADigit(let character):
            return "\(subject) contains '\(character)': a Finnish reference has only digits"
        case .notAlphanumeric(let character):
            return "\(subject) contains '\(character)': an RF reference has only letters and digits"
        case .finnishTooShort:
            return "\(subject) is too short: a Finnish reference has 4 to 20 digits, not counting leading zeros"
        case .finnishTooLong:
            return "\(subject) is too long: a Finnish reference has at most 20 digits"
        case .finnishCheckDigit(let expected, let found):
            return "\(subject) has a wrong check digit: the last digit should be \(expected), not \(found)"
        case .rfTooShort:
            return "\(subject) is too short: an RF reference is RF, two check digits and 1 to 21 letters or digits"
        case .rfTooLong:
            return "\(subject) is too long: an RF reference has at most 25 characters"
        case .rfCheckNotDigits:
            return "\(subject) is not an RF reference: RF must be followed by two check digits"
        case .rfCheckDigits(let expected, let found):
            return "\(subject) has wrong check digits: they should be \(expected), not \(found)"
        case .baseTooShort:
            return "\(subject) is too short: a reference base has 3 to 19 digits, not counting leading zeros"
        case .baseTooLong:
            return "\(subject) is too long: a reference base has at most 19 digits"
        case .noFinnishForm:
            return "\(subject) is a valid RF reference, but its body is not a Finnish reference"
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isASCIIUpperLetter: Bool { isASCII && isUppercase }
}
