/// A Finnish business ID (Y-tunnus): seven digits, a hyphen and a check digit, e.g. `1234567-1`.
public struct BusinessID: Hashable, Sendable, CustomStringConvertible {
    /// The canonical form `NNNNNNN-C`.
    public let canonical: String

    /// Validates a business ID. Accepts `1234567-1`, an old six-digit ID (`123456-7`, read as `0123456-7`) and
    /// the VAT form `FI12345671`.
    /// - Throws: `ValueError` naming what is wrong.
    public init(parsing text: String) throws(ValueError) {
        func refuse(_ problem: String) -> ValueError {
            ValueError(expected: "business ID", text: text, problem: problem)
        }
        var compact = String(text.unicodeScalars.filter { !$0.properties.isWhitespace }).uppercased()
        if compact.hasPrefix("FI") && compact.count == 10 {
            compact = String(compact.dropFirst(2).prefix(7)) + "-" + String(compact.suffix(1))
        }
        let parts = compact.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (6...7).contains(parts[0].count), parts[1].count == 1,
            (parts[0] + parts[1]).allSatisfy({ $0.isASCII && $0.isNumber })
        else { throw refuse("expected seven digits, a hyphen and a check digit") }
        let body = String(repeating: "0", count: 7 - parts[0].count) + parts[0]
        let weights = [7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 0x30) * $1.1 }
        let remainder = sum % 11
        guard remainder != 1 else { throw refuse("no valid business ID has these seven digits") }
        let expected = remainder == 0 ? 0 : 11 - remainder
        guard String(expected) == parts[1] else {
            throw refuse("the check digit should be \(expected), not \(parts[1])")
        }
        self.canonical = "\(body)-\(expected)"
    }

    public var description: String { canonical }
}
