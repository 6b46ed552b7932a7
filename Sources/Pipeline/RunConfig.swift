import Foundation
public import Receivables

/// The pipeline's config file (DESIGN.md §3.7): JSON; lines starting with `//` are comments. Only `workdir` is
/// required; an unknown key is an error, so that a typo cannot pass silently, and a value of the wrong type is
/// named with the type it should have. Relative paths resolve against the config file's folder.
public struct RunConfig: Sendable {
    /// The working directory: inbox/, archive/, quarantine/, outbox/, state/.
    public let workdir: String
    /// Suggestion rules applied without asking (`invoice_number_in_text`, `reference_typo`, `amount_and_name`);
    /// none by default.
    public let autoApply: Set<MatchRule>

    private static let rules: [MatchRule] = [.invoiceNumberInText, .referenceTypo, .amountAndName]

    /// A bad config: where and why.
    public struct ConfigError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads a config file.
    public init(path: String) throws(ConfigError) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(description: "\(path): cannot read the config file")
        }
        let json = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("//") ? "" : String($0) }.joined(separator: "\n")
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(json.utf8))
        } catch {
            throw ConfigError(description: "\(path): not valid JSON: \(error.localizedDescription)")
        }
        let config = try ConfigObject(parsed, file: path, path: nil, keys: ["workdir", "autoApply"])
        let workdir = try config.string("workdir")
        guard let workdir, !workdir.isEmpty else {
            throw ConfigError(description: "\(path): 'workdir' is required (a folder path)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        self.workdir = workdir.hasPrefix("/") ? workdir : folder.appendingPathComponent(workdir).standardizedFileURL.path
        var rules: Set<MatchRule> = []
        for name in try config.strings("autoApply") ?? [] {
            guard let rule = Self.rules.first(where: { $0.rawValue == name }) else {
                throw ConfigError(description: "\(path): '\(name)' is not a suggestion rule (known: "
                    + Self.rules.map(\.rawValue).joined(separator: ", ") + ")")
            }
            rules.insert(rule)
        }
        autoApply = rules
    }
}

/// One JSON object of a config, read strictly: its keys must be among those known, and each value of the type
/// asked for; errors name the file, the key's path (`dunning.classes`) and the type it should have.
struct ConfigObject {
    private let values: [String: Any]
    private let file: String
    private let path: String?

    /// Reads `value` as an object whose keys must all be in `keys`.
    init(_ value: Any, file: String, path: String?, keys: Set<String>) throws(RunConfig.ConfigError) {
        guard let object = value as? [String: Any] else {
            throw RunConfig.ConfigError(description: "\(file): \(path.map { "'\($0)' must be" } ?? "the config must be") a JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw RunConfig.ConfigError(
                description: "\(file): unknown key '\(Self.join(path, unknown))' (known: \(keys.sorted().joined(separator: ", ")))")
        }
        values = object
        self.file = file
        self.path = path
    }

    /// A text value, or nil when the key is absent.
    func string(_ key: String) throws(RunConfig.ConfigError) -> String? {
        try typed(key, "a string") { $0 as? String }
    }

    /// A list of texts, or nil when the key is absent.
    func strings(_ key: String) throws(RunConfig.ConfigError) -> [String]? {
        try typed(key, "a list of strings") { $0 as? [String] }
    }

    /// A nested object with its own known keys, or nil when the key is absent.
    func object(_ key: String, keys: Set<String>) throws(RunConfig.ConfigError) -> ConfigObject? {
        guard let value = values[key] else { return nil }
        return try ConfigObject(value, file: file, path: Self.join(path, key), keys: keys)
    }

    private func typed<Value>(_ key: String, _ type: String, _ cast: (Any) -> Value?) throws(RunConfig.ConfigError) -> Value? {
        guard let value = values[key] else { return nil }
        guard let typed = cast(value) else {
            throw RunConfig.ConfigError(description: "\(file): '\(Self.join(path, key))' must be \(type), not \(Self.describe(value))")
        }
        return typed
    }

    private static func join(_ path: String?, _ key: String) -> String { path.map { "\($0).\(key)" } ?? key }

    /// What a JSON value is, in words.
    private static func describe(_ value: Any) -> String {
        switch value {
        case is String: return "a string"
        case let number as NSNumber: return String(cString: number.objCType) == "c" ? "true or false" : "a number"
        case is [Any]: return "a list"
        case is [String: Any]: return "an object"
        case is NSNull: return "null"
        default: return "\(type(of: value))"
        }
    }
}
