public import Receivables

/// What Finnish law lets a creditor charge when it reminds a debtor, as data: each figure dated, with the statute
/// section that sets it and where the text is (Laki saatavien perinnästä 513/1999 as amended by 299/2022, in force
/// from 1.5.2022). A policy is checked against it at start; each reminder's fee is allowed or forbidden by it, with
/// the rule named.
public struct LegalProfile: Sendable {
    /// One figure of the law: its value, the section that sets it, and its source.
    public struct Rule: Sendable, Equatable {
        /// Minor units of euro, or days, as the rule says.
        public let value: Int64
        /// The section, as a person cites it (`513/1999 10 a § 1 mom 1 k`).
        public let section: String
        /// The Statute Book text it comes from.
        public let source: String
        /// The first day it applies.
        public let from: LocalDate
    }

    /// A cap that depends on the claim's principal: the cap for principals up to `upTo` (nil: above every band).
    public struct Band: Sendable, Equatable {
        public let upTo: Int64?
        public let cap: Int64
    }

    /// The rules for a claim on a consumer (513/1999 10 a–10 d §).
    public struct ConsumerRules: Sendable {
        /// The highest fee for a written reminder (10 a § 1 mom 1 k).
        public let reminderFee: Rule
        /// A fee only when the invoice was sent at least this many days before its due date (10 b § 1 mom).
        public let sentBeforeDueDays: Rule
        /// … and at least this many days have passed since the due date (10 b § 1 mom).
        public let daysAfterDue: Rule
        /// A further fee-bearing reminder only this many days after the previous reminder (10 b § 2 mom).
        public let interval: Rule
        /// The most all collection costs of one claim may add up to, by its principal (10 d §).
        public let totalCaps: [Band]
        public let totalCapsSection: String
    }

    /// The rules for a claim on a non-consumer (513/1999 10 e–10 i §).
    public struct BusinessRules: Sendable {
        /// The highest fee for a written reminder (10 e § 1 mom 1 k).
        public let reminderFee: Rule
        /// A new fee-bearing reminder only this many days after the previous reminder (10 f § 1 mom).
        public let interval: Rule
        /// The standard compensation for a business debtor's late payment, which fees offset (10 i §).
        public let compensation: Rule
        /// The most collection costs of one claim may add up to, by its principal; they do not limit the
        /// compensation (10 h §).
        public let totalCaps: [Band]
        public let totalCapsSection: String
    }

    public let consumer: ConsumerRules
    public let business: BusinessRules

    /// The law in force from 1.5.2022 (299/2022), as saatava ships it.
    public static let finland = LegalProfile(
        consumer: ConsumerRules(
            reminderFee: Rule(value: 5_00, section: "513/1999 10 a § 1 mom 1 k", source: "299/2022", from: may2022),
            sentBeforeDueDays: Rule(value: 14, section: "513/1999 10 b § 1 mom", source: "31/2013", from: march2013),
            daysAfterDue: Rule(value: 14, section: "513/1999 10 b § 1 mom", source: "31/2013", from: march2013),
            interval: Rule(value: 14, section: "513/1999 10 b § 2 mom", source: "31/2013", from: march2013),
            totalCaps: [Band(upTo: 100_00, cap: 60_00), Band(upTo: 1_000_00, cap: 120_00), Band(upTo: nil, cap: 210_00)],
            totalCapsSection: "513/1999 10 d §"),
        business: BusinessRules(
            reminderFee: Rule(value: 12_00, section: "513/1999 10 e § 1 mom 1 k", source: "299/2022", from: may2022),
            interval: Rule(value: 10, section: "513/1999 10 f § 1 mom", source: "299/2022", from: may2022),
            compensation: Rule(value: 40_00, section: "513/1999 10 i §", source: "299/2022", from: may2022),
            totalCaps: [
                Band(upTo: 500_00, cap: 250_00), Band(upTo: 2_500_00, cap: 470_00), Band(upTo: 10_000_00, cap: 550_00),
                Band(upTo: nil, cap: 620_00),
            ],
            totalCapsSection: "513/1999 10 h §"))

    private static let may2022 = LocalDate(year: 2022, month: 5, day: 1)!
    private static let march2013 = LocalDate(year: 2013, month: 3, day: 16)!

    /// The cap of the band a principal falls in.
    static func cap(_ bands: [Band], principal: Int64) -> Int64 {
        bands.first { $0.upTo.map { principal <= $0 } ?? true }?.cap ?? 0
    }
}
