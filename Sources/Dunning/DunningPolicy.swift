public import Receivables

/// A credit policy (docs/dunning.md): customer classes, each a ladder of steps, and which customer follows which
/// class. Trusted customers are reminded later and more softly; risky ones sooner.
public struct DunningPolicy: Sendable, Equatable {
    /// What a step does.
    public enum Action: String, Sendable {
        /// A reminder, with a fee when the law allows one.
        case reminder
        /// The invoice goes to the collection agency.
        case collection
    }

    /// One step of a ladder.
    public struct Step: Sendable, Equatable {
        /// Days after the due date (the first step) or after the previous step was issued.
        public let after: Int
        public let action: Action
        /// The reminder fee the policy asks for, in cents (the law may allow less, or none, on a given day).
        public let fee: Int64
        /// Days the reminder gives to pay.
        public let payWithin: Int

        /// Creates a step.
        public init(after: Int, action: Action, fee: Int64 = 0, payWithin: Int = 14) {
            self.after = after
            self.action = action
            self.fee = fee
            self.payWithin = payWithin
        }
    }

    /// One customer class.
    public struct CustomerClass: Sendable, Equatable {
        public let name: String
        public let steps: [Step]
        /// No step for an invoice whose open principal is below this (cents).
        public let minimumOpen: Int64

        /// Creates a class.
        public init(name: String, steps: [Step], minimumOpen: Int64) {
            self.name = name
            self.steps = steps
            self.minimumOpen = minimumOpen
        }
    }

    public let classes: [String: CustomerClass]
    /// The class of consumers and of businesses not named in `customers`.
    public let consumerClass: String
    public let businessClass: String
    /// Classes named per customer key (`id:1234567-8` → `trusted`).
    public let customers: [String: String]
    /// Whether business debtors are charged the 40 € standard compensation (513/1999 10 i §).
    public let chargesCompensation: Bool

    /// Creates a policy.
    public init(
        classes: [String: CustomerClass], consumerClass: String, businessClass: String, customers: [String: String] = [:],
        chargesCompensation: Bool = true
    ) {
        self.classes = classes
        self.consumerClass = consumerClass
        self.businessClass = businessClass
        self.customers = customers
        self.chargesCompensation = chargesCompensation
    }

    /// The built-in policy, used when the config has no `dunning`: three classes, every customer `standard`.
    /// - trusted: a friendly reminder 14 days after the due date, a second with a fee 21 days later; no collection.
    /// - standard: a reminder after 7 days, one with a fee 14 days later, collection 14 days after that.
    /// - strict: a reminder with a fee as soon as the law allows, another 14 days later, collection 10 days after.
    public static let builtIn = DunningPolicy(
        classes: [
            "trusted": CustomerClass(name: "trusted", steps: [
                Step(after: 14, action: .reminder, fee: 0, payWithin: 14),
                Step(after: 21, action: .reminder, fee: 5_00, payWithin: 14),
            ], minimumOpen: 10_00),
            "standard": CustomerClass(name: "standard", steps: [
                Step(after: 7, action: .reminder, fee: 0, payWithin: 14),
                Step(after: 14, action: .reminder, fee: 5_00, payWithin: 14),
                Step(after: 14, action: .collection),
            ], minimumOpen: 10_00),
            "strict": CustomerClass(name: "strict", steps: [
                Step(after: 14, action: .reminder, fee: 5_00, payWithin: 10),
                Step(after: 14, action: .reminder, fee: 5_00, payWithin: 10),
                Step(after: 10, action: .collection),
            ], minimumOpen: 5_00),
        ],
        consumerClass: "standard", businessClass: "standard")

    /// The class a customer follows.
    public func dunningClass(for customer: Customer) -> CustomerClass? {
        classes[customers[customer.key] ?? (isBusiness(customer) ? businessClass : consumerClass)]
    }

    /// A business debtor: one with a business ID that is not a consumer (Interest Act 4 a §, 513/1999 10 i §).
    func isBusiness(_ customer: Customer) -> Bool { customer.businessId != nil && !customer.isConsumer }

    /// A policy the law refuses: which class and step, and the section it breaks.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Checks the policy against the law before any run uses it: every class named exists, and no step asks a
    /// fee above the cap for a kind of debtor the class can apply to (consumers, businesses).
    public func check(against law: LegalProfile) throws(Refusal) {
        for name in [consumerClass, businessClass] + customers.values.sorted() where classes[name] == nil {
            throw Refusal(description: "the dunning policy names the class '\(name)', which it does not define")
        }
        for (name, customerClass) in classes.sorted(by: { $0.key < $1.key }) {
            let forConsumers = name == consumerClass || customers.contains { !$0.key.hasPrefix("id:") && $0.value == name }
            let forBusinesses = name == businessClass || customers.contains { $0.key.hasPrefix("id:") && $0.value == name }
            for (index, step) in customerClass.steps.enumerated() where step.action == .reminder {
                let where_ = "class '\(name)', step \(index + 1)"
                if forConsumers && step.fee > law.consumer.reminderFee.value {
                    throw Refusal(description: "\(where_): a fee of \(euros(step.fee)) is more than a consumer may be charged "
                        + "for a reminder (\(euros(law.consumer.reminderFee.value)), \(law.consumer.reminderFee.section))")
                }
                if forBusinesses && step.fee > law.business.reminderFee.value {
                    throw Refusal(description: "\(where_): a fee of \(euros(step.fee)) is more than a business may be charged "
                        + "for a reminder (\(euros(law.business.reminderFee.value)), \(law.business.reminderFee.section))")
                }
                if step.fee < 0 || step.after < 0 || step.payWithin < 0 {
                    throw Refusal(description: "\(where_): fees and days cannot be negative")
                }
            }
        }
    }
}

/// Cents as euros with two decimals (`5.00 €`), for messages.
func euros(_ cents: Int64) -> String { Amount(minorUnits: cents, currency: .euro).decimalString + " €" }
