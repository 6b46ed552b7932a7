import Foundation
public import Receivables

/// The pipeline's config file (DESIGN.md §3.6): JSON; lines starting with `//` are comments. Only `workdir` is
/// required; an unknown key is an error, so that a typo cannot pass silently. Relative paths resolve against the
/// config file's folder.
public struct RunConfig: Sendable {
    /// The working directory: inbox/, archive/, quarantine/, outbox/, state/.
    public let workdir: String
    /// Suggestion rules applied without asking (`invoice_number_in_text`, `reference_typo`, `amount_and_name`);
    /// none by default.
    public let autoApply: Set<MatchRule>

    private static let knownKeys: Set<String> = ["workdir", "autoApply"]
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
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
                throw ConfigError(description: "\(path): the config must be a JSON object")
            }
            object = parsed
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(description: "\(path): not valid JSON: \(error.localizedDescription)")
        }
        if let unknown = object.keys.sorted().first(where: { !Self.knownKeys.contains($0) }) {
            throw ConfigError(description: "\(path): unknown key '\(unknown)' (known: \(Self.knownKeys.sorted().joined(separator: ", ")))")
        }
        guard let workdir = object["workdir"] as? String, !workdir.isEmpty else {
            throw ConfigError(description: "\(path): 'workdir' is required (a folder path)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        self.workdir = workdir.hasPrefix("/") ? workdir : folder.appendingPathComponent(workdir).standardizedFileURL.path
        var rules: Set<MatchRule> = []
        if let names = object["autoApply"] {
            guard let names = names as? [String] else {
                throw ConfigError(description: "\(path): 'autoApply' is a list of rule names")
            }
            for name in names {
                guard let rule = Self.rules.first(where: { $0.rawValue == name }) else {
                    throw ConfigError(description: "\(path): '\(name)' is not a suggestion rule (known: "
                        + Self.rules.map(\.rawValue).joined(separator: ", ") + ")")
                }
                rules.insert(rule)
            }
        }
        autoApply = rules
    }
}
