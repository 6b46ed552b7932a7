/// Why a text is not a valid value of some kind (a date, an IBAN, a business ID).
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was expected, e.g. "IBAN".
    public let expected: String
    /// The text that was refused.
    public let text: String
    /// What is wrong with it, as a short clause.
    public let problem: String

    /// Creates an error for a refused text.
    public init(expected: String, text: String, problem: String) {
        self.expected = expected
        self.text = text
        self.problem = problem
    }

    public var description: String { "'\(text)' is not a valid \(expected): \(problem)" }
}
