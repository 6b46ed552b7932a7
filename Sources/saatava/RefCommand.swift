import Receivables

/// `saatava ref`: check, convert and make payment reference numbers (README.md, "saatava ref").
enum RefCommand {
    static let help = Help(
        overview: "Check, convert and make payment reference numbers (Finnish viitenumero and RF).",
        usage: [
            "saatava ref check <reference> ... [--print-form]",
            "saatava ref rf <reference> [--print-form]",
            "saatava ref fi <rf-reference> [--print-form]",
            "saatava ref make <base> [--print-form]",
        ],
        arguments: [
            ("check <reference> ...", "Validate references and print each in canonical form."),
            ("rf <reference>", "Print the RF form of a Finnish reference."),
            ("fi <rf-reference>", "Print the Finnish form of an RF reference whose body is one."),
            ("make <base>", "Print the Finnish reference for a base number by appending its check digit."),
        ],
        options: [
            .flag("--print-form", "Print references grouped as on an invoice (12 34561, RF34 1234 561).")
        ])

    /// Runs the command on the arguments after `ref`.
    static func run(_ arguments: [String]) throws(UsageError) -> ExitStatus {
        let parsed = try Arguments(arguments, options: help.options)
        let operands = parsed.operands
        let isPrintForm = parsed.has("--print-form")
        guard let action = operands.first else { throw UsageError(message: "Missing an action: check, rf, fi or make.") }
        let values = Array(operands.dropFirst())
        let convert: (String) throws(ReferenceError) -> CreditorReference
        switch action {
        case "check":
            guard !values.isEmpty else { throw UsageError(message: "Missing a reference to check.") }
            convert = { text throws(ReferenceError) in try CreditorReference(parsing: text) }
        case "rf":
            convert = { text throws(ReferenceError) in try CreditorReference(parsing: text).rfForm }
        case "fi":
            convert = { text throws(ReferenceError) in
                guard let finnish = try CreditorReference(parsing: text).finnishForm else {
                    throw ReferenceError(text: text, reason: .noFinnishForm)
                }
                return finnish
            }
        case "make":
            convert = { text throws(ReferenceError) in try CreditorReference(finnishBase: text) }
        default:
            throw UsageError(message: "Unknown action '\(action)': expected check, rf, fi or make.")
        }
        if action != "check" && values.count != 1 {
            throw UsageError(message: "'ref \(action)' takes exactly one value, got \(values.count).")
        }
        var status = ExitStatus.ok
        for value in values {
            do {
                let reference = try convert(value)
                Console.out(isPrintForm ? reference.printForm : reference.canonical)
            } catch {
                Console.error("Error: \(error)")
                status = .dataError
            }
        }
        return status
    }
}
