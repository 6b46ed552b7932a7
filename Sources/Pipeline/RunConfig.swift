public import Delivery
public import Dunning
import Foundation
public import Receivables
public import Reports

/// The pipeline's config file (docs/design.md, "Config"): JSON; lines starting with `//` are comments. Only `workdir` is
/// required; an unknown key is an error, so that a typo cannot pass silently, and a value of the wrong type is
/// named with the type it should have. Relative paths resolve against the config file's folder.
public struct RunConfig: Sendable {
    /// The working directory: inbox/, archive/, quarantine/, outbox/, state/.
    public let workdir: String
    /// Suggestion rules applied without asking (`invoice_number_in_text`, `reference_typo`, `amount_and_name`);
    /// none by default.
    public let autoApply: Set<MatchRule>
    /// The credit policy (`dunning`); the built-in policy when the key is absent. Checked against the law when
    /// read: a fee above a cap is refused with the section.
    public let dunning: DunningPolicy
    /// Who sends the reminders (`creditor`): without it no reminder is issued, as a letter without its sender's
    /// name and account would be no reminder.
    public let creditor: Creditor?
    /// The statutory reference rates, with the config's `referenceRates` added (for half-years saatava's table does
    /// not cover yet).
    public let referenceRates: ReferenceRates
    /// The language of the accountant's report and the policy text (`language`: `fi`, the default, `sv` or `en`).
    public let language: String
    /// The dialect of the CSVs written for people (`csv`: `rfc4180`, the default, or `excel-fi`): unmatched-payments.csv,
    /// reminders.csv and `saatava ledger … --format csv`.
    public let csv: CSVDialect
    /// How penalty interest counts a day (`dunning.dayCount`: `actual/actual`, the default, or `actual/365`).
    public let dayCount: DayCount
    /// Where the day's files are uploaded (`delivery`: `agency`, `operator`); none by default, and then the files
    /// stay in the outbox for a person to send.
    public let delivery: [SFTPDestination]
    /// The config file's name without `.json` (`acme` for /etc/saatava/acme.json, the systemd instance's name): the
    /// `creditor` label of the run's metrics.
    public let name: String
    /// Where the run's metrics are also written, for node_exporter's textfile collector (`metricsFile`, readable by
    /// all: they hold no personal data); they are always in state/saatava.prom.
    public let metricsFile: String?
    /// The bookkeeping accounts of the journal (`journal`, docs/journal.md); the defaults when the key is absent.
    public let journal: JournalAccounts

    /// How long archive/<day>/ folders are kept (`retention`: `archiveYears`, 6 or more, and `financialYearEnd`,
    /// `d.M.`, 31.12. by default); nil, the default, keeps them for ever.
    public let retention: Retention?

    /// How many days later a customer's last 90 days must be than its previous 270 for a trend alarm
    /// (`insight.trendMarginDays`, a whole number of 0 or more; 7 by default).
    public let trendMarginDays: Int

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
        let config = try ConfigObject(parsed, file: path, path: nil, keys: [
            "workdir", "autoApply", "dunning", "creditor", "referenceRates", "language", "delivery", "metricsFile", "csv", "insight",
            "journal", "retention",
        ])
        let workdir = try config.string("workdir")
        guard let workdir, !workdir.isEmpty else {
            throw ConfigError(description: "\(path): 'workdir' is required (a folder path)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolved(_ relative: String) -> String {
            relative.hasPrefix("/") ? relative : folder.appendingPathComponent(relative).standardizedFileURL.path
        }
        self.workdir = resolved(workdir)
        name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        if let metricsFile = try config.string("metricsFile") {
            guard !metricsFile.isEmpty, !metricsFile.hasSuffix("/") else {
                throw ConfigError(description: "\(path): 'metricsFile' is a file path (node_exporter reads *.prom files)")
            }
            self.metricsFile = resolved(metricsFile)
        } else {
            metricsFile = nil
        }
        var rules: Set<MatchRule> = []
        for name in try config.strings("autoApply") ?? [] {
            guard let rule = Self.rules.first(where: { $0.rawValue == name }) else {
                throw ConfigError(description: "\(path): '\(name)' is not a suggestion rule (known: "
                    + Self.rules.map(\.rawValue).joined(separator: ", ") + ")")
            }
            rules.insert(rule)
        }
        autoApply = rules
        dunning = try Self.policy(config, file: path)
        creditor = try Self.creditor(config, file: path)
        var added: [(from: LocalDate, rate: String, source: String)] = []
        for entry in try config.objects("referenceRates", keys: ["from", "rate", "source"]) ?? [] {
            guard let text = try entry.string("from"), text.utf8.count == 10, let from = try? LocalDate(parsing: text),
                let rate = try entry.string("rate")
            else {
                throw ConfigError(description: "\(path): '\(entry.path)' needs 'from' (YYYY-MM-DD) and 'rate' (\"2.0\")")
            }
            added.append((from, rate, try entry.string("source") ?? "config"))
        }
        do {
            referenceRates = try ReferenceRates(with: added)
        } catch {
            throw ConfigError(description: "\(path): referenceRates: \(error)")
        }
        let dayCount = try config.object("dunning", keys: nil)?.string("dayCount") ?? DayCount.actualActual.rawValue
        guard let counted = DayCount(rawValue: dayCount) else {
            throw ConfigError(description: "\(path): 'dunning.dayCount' is actual/actual or actual/365, not '\(dayCount)'")
        }
        self.dayCount = counted
        delivery = try Self.destinations(config, file: path, folder: folder)
        let margin = try config.object("insight", keys: ["trendMarginDays"])?.integer("trendMarginDays") ?? 7
        guard margin >= 0 else {
            throw ConfigError(description: "\(path): 'insight.trendMarginDays' must be 0 or more, not \(margin)")
        }
        trendMarginDays = margin
        journal = try Self.journal(config, file: path)
        retention = try Self.retention(config, file: path)
        language = try config.string("language") ?? "fi"
        guard ["fi", "sv", "en"].contains(language) else {
            throw ConfigError(description: "\(path): 'language' is fi, sv or en, not '\(language)'")
        }
        let dialect = try config.string("csv") ?? CSVDialect.rfc4180.rawValue
        guard let csv = CSVDialect(rawValue: dialect) else {
            throw ConfigError(description: "\(path): 'csv' is rfc4180 or excel-fi, not '\(dialect)'")
        }
        self.csv = csv
    }

    /// The `retention` section: `archiveYears` required, `financialYearEnd` 31.12. by default.
    private static func retention(_ config: ConfigObject, file: String) throws(ConfigError) -> Retention? {
        guard let section = try config.object("retention", keys: ["archiveYears", "financialYearEnd"]) else { return nil }
        guard let years = try section.integer("archiveYears") else {
            throw ConfigError(description: "\(file): 'retention.archiveYears' is required (a whole number of years, 6 or more)")
        }
        let yearEnd = try section.string("financialYearEnd") ?? "31.12."
        do throws(RetentionError) {
            return try Retention(archiveYears: years, financialYearEnd: yearEnd)
        } catch {
            throw ConfigError(description: "\(file): \(error)")
        }
    }

    /// The `journal` section: an account number (digits) for each role; `bank` one account, or an object of IBAN →
    /// account with `default` for every other bank account.
    private static func journal(_ config: ConfigObject, file: String) throws(ConfigError) -> JournalAccounts {
        var accounts = JournalAccounts()
        let roles: [(String, WritableKeyPath<JournalAccounts, String>)] = [
            ("receivables", \.receivables), ("advances", \.advances), ("feeIncome", \.feeIncome),
            ("interestIncome", \.interestIncome), ("compensationIncome", \.compensationIncome),
            ("refundsPayable", \.refundsPayable),
        ]
        guard let section = try config.object("journal", keys: Set(roles.map(\.0) + ["bank"])) else { return accounts }
        func account(_ object: ConfigObject, _ key: String) throws(ConfigError) -> String? {
            guard let text = try object.string(key) else { return nil }
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw ConfigError(description: "\(file): '\(object.path).\(key)' is an account number (digits), not '\(text)'")
            }
            return text
        }
        for (key, path) in roles {
            if let number = try account(section, key) { accounts[keyPath: path] = number }
        }
        if let byIBAN = try? section.object("bank", keys: nil) {
            for key in byIBAN.keys {
                guard let number = try account(byIBAN, key) else { continue }
                if key == "default" {
                    accounts.bank = number
                    continue
                }
                do {
                    accounts.bankByIBAN[try IBAN(parsing: key).canonical] = number
                } catch {
                    throw ConfigError(description: "\(file): '\(byIBAN.path)': \(error); the keys are IBANs and 'default'")
                }
            }
        } else if let number = try account(section, "bank") {
            accounts.bank = number
        }
        return accounts
    }

    /// The `dunning` section: classes of steps, who follows which, and whether the compensation is charged.
    private static func policy(_ config: ConfigObject, file: String) throws(ConfigError) -> DunningPolicy {
        guard let section = try config.object("dunning", keys: ["classes", "assign", "compensation", "dayCount"]) else {
            return .builtIn
        }
        var classes: [String: DunningPolicy.CustomerClass] = [:]
        if let defined = try section.object("classes", keys: nil) {
            for name in defined.keys {
                let customerClass = try defined.object(name, keys: ["steps", "minimumOpen"])!
                var steps: [DunningPolicy.Step] = []
                for step in try customerClass.objects("steps", keys: ["after", "action", "fee", "payWithin"]) ?? [] {
                    guard let action = DunningPolicy.Action(rawValue: try step.string("action") ?? "reminder") else {
                        throw ConfigError(description: "\(file): '\(step.path).action' is reminder or collection")
                    }
                    steps.append(DunningPolicy.Step(
                        after: try step.integer("after") ?? 0, action: action, fee: try step.cents("fee") ?? 0,
                        payWithin: try step.integer("payWithin") ?? 14))
                }
                classes[name] = DunningPolicy.CustomerClass(
                    name: name, steps: steps, minimumOpen: try customerClass.cents("minimumOpen") ?? 10_00)
            }
        } else {
            classes = DunningPolicy.builtIn.classes
        }
        let assign = try section.object("assign", keys: ["consumer", "business", "customers"])
        var customers: [String: String] = [:]
        if let named = try assign?.object("customers", keys: nil) {
            for key in named.keys { customers[key] = try named.string(key) }
        }
        let policy = DunningPolicy(
            classes: classes, consumerClass: try assign?.string("consumer") ?? "standard",
            businessClass: try assign?.string("business") ?? "standard", customers: customers,
            chargesCompensation: try section.bool("compensation") ?? true)
        do {
            try policy.check(against: .finland)
        } catch {
            throw ConfigError(description: "\(file): dunning: \(error)")
        }
        return policy
    }

    /// The `delivery` section: each destination's server, account, key and known_hosts (paths against the config's
    /// folder) and remote folder.
    private static func destinations(_ config: ConfigObject, file: String, folder: URL) throws(ConfigError)
        -> [SFTPDestination]
    {
        guard let section = try config.object("delivery", keys: ["agency", "operator"]) else { return [] }
        var destinations: [SFTPDestination] = []
        for name in ["agency", "operator"] {
            guard let entry = try section.object(name, keys: ["host", "port", "user", "identityFile", "knownHosts", "remoteDir"])
            else { continue }
            func required(_ key: String) throws(ConfigError) -> String {
                guard let value = try entry.string(key), !value.isEmpty else {
                    throw ConfigError(description: "\(file): '\(entry.path).\(key)' is required (a string)")
                }
                // A value is an argument of sftp or a line of its batch file: no option, no second line.
                guard !value.hasPrefix("-"), !value.contains("\n"), !value.contains("\r") else {
                    throw ConfigError(description: "\(file): '\(entry.path).\(key)' must not start with '-' or hold a line break")
                }
                return value
            }
            func path(_ key: String) throws(ConfigError) -> String {
                let value = try required(key)
                return value.hasPrefix("/") ? value : folder.appendingPathComponent(value).standardizedFileURL.path
            }
            let port = try entry.integer("port") ?? 22
            guard (1...65_535).contains(port) else {
                throw ConfigError(description: "\(file): '\(entry.path).port' must be a port number 1–65535, not \(port)")
            }
            let user = try required("user")
            guard !user.contains("@"), !user.contains(" ") else {
                throw ConfigError(description: "\(file): '\(entry.path).user' is an account name, not '\(user)'")
            }
            let remoteDir = try entry.string("remoteDir") ?? "."
            guard !remoteDir.contains("\n"), !remoteDir.contains("\r") else {
                throw ConfigError(description: "\(file): '\(entry.path).remoteDir' must not hold a line break")
            }
            destinations.append(SFTPDestination(
                name: name, host: try required("host"), port: port, user: user, identityFile: try path("identityFile"),
                knownHosts: try path("knownHosts"), remoteDir: remoteDir))
        }
        return destinations
    }

    /// The `creditor` section.
    private static func creditor(_ config: ConfigObject, file: String) throws(ConfigError) -> Creditor? {
        let keys: Set<String> = ["name", "businessId", "street", "postCode", "town", "country", "iban", "bic", "contact",
                                 "eInvoiceAddress", "eInvoiceIntermediator"]
        guard let section = try config.object("creditor", keys: keys) else { return nil }
        func required(_ key: String) throws(ConfigError) -> String {
            guard let value = try section.string(key), !value.isEmpty else {
                throw ConfigError(description: "\(file): 'creditor.\(key)' is required")
            }
            return value
        }
        // Its own invoices are told from other sellers' by it (docs/dunning.md): compared in canonical form.
        let stated = try required("businessId")
        let businessId: BusinessID
        do {
            businessId = try BusinessID(parsing: stated)
        } catch {
            throw ConfigError(description: "\(file): 'creditor.businessId': \(error)")
        }
        return Creditor(
            name: try required("name"), businessId: businessId.canonical,
            address: Invoice.PostalAddress(street: try section.string("street"), postCode: try section.string("postCode"),
                                           town: try section.string("town"), country: try section.string("country")),
            iban: try required("iban"), bic: try section.string("bic"), contact: try section.string("contact"),
            eInvoiceAddress: try section.string("eInvoiceAddress"), eInvoiceIntermediator: try section.string("eInvoiceIntermediator"))
    }
}

/// One JSON object of a config, read strictly: its keys must be among those known, and each value of the type
/// asked for; errors name the file, the key's path (`dunning.classes`) and the type it should have.
struct ConfigObject {
    private let values: [String: Any]
    private let file: String
    /// Where the object is in the config (`dunning.classes.standard`); empty for the whole config.
    let path: String

    /// Reads `value` as an object whose keys must all be in `keys` (nil: any keys, such as names a user chooses).
    init(_ value: Any, file: String, path: String?, keys: Set<String>?) throws(RunConfig.ConfigError) {
        guard let object = value as? [String: Any] else {
            throw RunConfig.ConfigError(description: "\(file): \(path.map { "'\($0)' must be" } ?? "the config must be") a JSON object")
        }
        if let keys, let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw RunConfig.ConfigError(
                description: "\(file): unknown key '\(Self.join(path ?? "", unknown))' (known: \(keys.sorted().joined(separator: ", ")))")
        }
        values = object
        self.file = file
        self.path = path ?? ""
    }

    /// The object's keys, sorted.
    var keys: [String] { values.keys.sorted() }

    /// A text value, or nil when the key is absent.
    func string(_ key: String) throws(RunConfig.ConfigError) -> String? {
        try typed(key, "a string") { $0 as? String }
    }

    /// A list of texts, or nil when the key is absent.
    func strings(_ key: String) throws(RunConfig.ConfigError) -> [String]? {
        try typed(key, "a list of strings") { $0 as? [String] }
    }

    /// A whole number, or nil when the key is absent.
    func integer(_ key: String) throws(RunConfig.ConfigError) -> Int? {
        try typed(key, "a whole number") { value in
            guard let number = value as? NSNumber, !Self.isBoolean(number) else { return nil }
            return Int(exactly: number.doubleValue)
        }
    }

    /// true or false, or nil when the key is absent.
    func bool(_ key: String) throws(RunConfig.ConfigError) -> Bool? {
        try typed(key, "true or false") { value in
            guard let number = value as? NSNumber, Self.isBoolean(number) else { return nil }
            return number.boolValue
        }
    }

    /// A euro amount written as a decimal string (`"5.00"`), in cents, or nil when the key is absent.
    func cents(_ key: String) throws(RunConfig.ConfigError) -> Int64? {
        guard let text = try string(key) else { return nil }
        guard let amount = try? Amount(parsing: text, currency: .euro) else {
            throw RunConfig.ConfigError(description: "\(file): '\(Self.join(path, key))' must be an amount such as \"5.00\", "
                + "not '\(text)'")
        }
        return amount.minorUnits
    }

    /// A nested object with its own known keys (nil: any keys), or nil when the key is absent.
    func object(_ key: String, keys: Set<String>?) throws(RunConfig.ConfigError) -> ConfigObject? {
        guard let value = values[key] else { return nil }
        return try ConfigObject(value, file: file, path: Self.join(path, key), keys: keys)
    }

    /// A list of objects with known keys, or nil when the key is absent.
    func objects(_ key: String, keys: Set<String>) throws(RunConfig.ConfigError) -> [ConfigObject]? {
        guard let list = try typed(key, "a list of objects", { $0 as? [Any] }) else { return nil }
        var objects: [ConfigObject] = []
        for (index, value) in list.enumerated() {
            objects.append(try ConfigObject(value, file: file, path: "\(Self.join(path, key))[\(index)]", keys: keys))
        }
        return objects
    }

    private func typed<Value>(_ key: String, _ type: String, _ cast: (Any) -> Value?) throws(RunConfig.ConfigError) -> Value? {
        guard let value = values[key] else { return nil }
        guard let typed = cast(value) else {
            throw RunConfig.ConfigError(description: "\(file): '\(Self.join(path, key))' must be \(type), not \(Self.describe(value))")
        }
        return typed
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Whether JSON gave true or false (Foundation hands booleans over as numbers).
    private static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    /// What a JSON value is, in words.
    private static func describe(_ value: Any) -> String {
        switch value {
        case is String: return "a string"
        case let number as NSNumber: return isBoolean(number) ? "true or false" : "a number"
        case is [Any]: return "a list"
        case is [String: Any]: return "an object"
        case is NSNull: return "null"
        default: return "\(type(of: value))"
        }
    }
}
