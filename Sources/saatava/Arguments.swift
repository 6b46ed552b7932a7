import Receivables

/// A command's arguments split into options with values, flags and operands, argument-parser style:
/// `--name value`, `--name=value`, `--flag`, and `--` ending the options.
struct Arguments {
    /// The command's table, by name.
    private let table: [String: Option]
    /// The values given to each option, in order (one, the last given, counts for an option that takes one).
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    /// The arguments that are not options, in order.
    private(set) var operands: [String] = []

    /// Splits `arguments`, refusing options that are not in the command's table.
    init(_ arguments: [String], options: [Option]) throws(UsageError) {
        table = Dictionary(uniqueKeysWithValues: options.map { ($0.name, $0) })
        var index = 0
        var isOptionsEnd = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if isOptionsEnd || !argument.hasPrefix("--") {
                operands.append(argument)
            } else if argument == "--" {
                isOptionsEnd = true
            } else if table[argument]?.kind == .flag {
                flags.insert(argument)
            } else {
                let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
                guard let option = table[parts[0]], option.kind != .flag else {
                    throw UsageError(message: "Unknown option '\(argument)'.")
                }
                if parts.count == 2 {
                    values[option.name, default: []].append(parts[1])
                } else {
                    guard index < arguments.count else {
                        throw UsageError(message: "Missing a value for '\(argument)'.")
                    }
                    values[option.name, default: []].append(arguments[index])
                    index += 1
                }
            }
        }
    }

    /// The value given to an option, else its default, if it has one.
    func value(_ name: String) -> String? {
        values[name]?.last ?? declared(name).defaultValue
    }

    /// Every value given to an option that may be given more than once, in order.
    func all(_ name: String) -> [String] {
        guard case .values = declared(name).kind else {
            preconditionFailure("'\(name)' is given once: read it with value(_:)")
        }
        return values[name] ?? []
    }

    /// The value given to an option, else its default; a usage error when there is neither.
    func string(_ name: String) throws(UsageError) -> String {
        guard let text = value(name) else { throw UsageError(message: "Missing '\(declared(name).synopsis)'.") }
        return text
    }

    /// Whether a flag was given.
    func has(_ flag: String) -> Bool {
        precondition(declared(flag).kind == .flag, "'\(flag)' takes a value: read it with value(_:)")
        return flags.contains(flag)
    }

    /// The whole number given to an option, else its default; a usage error when there is neither or it is not a
    /// whole number in `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        let text = try string(name)
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(
                message: "'\(name)' takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'.")
        }
        return number
    }

    /// The calendar date given to an option as exactly YYYY-MM-DD, or nil when the option is not given.
    func date(_ name: String) throws(UsageError) -> LocalDate? {
        guard let text = value(name) else { return nil }
        guard text.utf8.count == 10, let date = try? LocalDate(parsing: text), date.description == text else {
            throw UsageError(message: "'\(name)' takes a date as YYYY-MM-DD, not '\(text)'.")
        }
        return date
    }

    /// The option the command declared under `name`: asking for one it did not declare is a programming mistake.
    private func declared(_ name: String) -> Option {
        guard let option = table[name] else {
            preconditionFailure("'\(name)' is not in the command's table of options")
        }
        return option
    }
}
