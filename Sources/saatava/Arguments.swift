/// A command's arguments split into options with values, flags and operands, argument-parser style:
/// `--name value`, `--name=value`, `--flag`, and `--` ending the options.
struct Arguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    /// The arguments that are not options, in order.
    private(set) var operands: [String] = []

    /// Splits `arguments`, refusing options other than the named ones.
    init(_ arguments: [String], options: Set<String> = [], flags knownFlags: Set<String> = []) throws(UsageError) {
        var index = 0
        var isOptionsEnd = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if isOptionsEnd || !argument.hasPrefix("--") {
                operands.append(argument)
            } else if argument == "--" {
                isOptionsEnd = true
            } else if knownFlags.contains(argument) {
                flags.insert(argument)
            } else {
                let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
                guard options.contains(parts[0]) else { throw UsageError(message: "Unknown option '\(argument)'.") }
                if parts.count == 2 {
                    values[parts[0]] = parts[1]
                } else {
                    guard index < arguments.count else { throw UsageError(message: "Missing a value for '\(argument)'.") }
                    values[parts[0]] = arguments[index]
                    index += 1
                }
            }
        }
    }

    /// The value given to an option, if any.
    func value(_ option: String) -> String? { values[option] }

    /// Whether a flag was given.
    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// The value of an option that takes a whole number, or `fallback` when it was not given.
    func integer(_ option: String, default fallback: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = values[option] else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(message: "'\(option)' takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'.")
        }
        return number
    }
}
