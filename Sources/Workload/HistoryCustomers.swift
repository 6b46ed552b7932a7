/// How a customer pays, the same way for the whole history: cash-in forecasts and ageing are judged on whether
/// they find these habits again.
struct PaymentHabit: Sendable, Equatable {
    /// The four kinds of payer a population holds.
    enum Kind: String, Sendable, CaseIterable {
        /// Pays before or on the due date.
        case prompt
        /// Pays 5–20 days late.
        case late
        /// Pays 30–90 days late.
        case veryLate = "very_late"
        /// Pays anywhere from on time to a month late.
        case erratic
    }

    /// How the customer writes the reference in its payments.
    enum ReferenceStyle: String, Sendable {
        /// The Finnish digits (`12345672`).
        case finnish = "fi"
        /// The RF form in groups of four (`RF71 1234 5672`).
        case rf
        /// The Finnish digits padded to 20 with zeros, as some banking apps do.
        case leadingZeros = "leading_zeros"
    }

    let kind: Kind
    /// The typical payment day, in days after the due date (negative: before it).
    let delayDays: Int
    /// Each payment falls up to this many days either side of the typical day, uniformly.
    let jitterDays: Int
    /// Per mille of its invoices the customer never pays.
    let neverPaysPerMille: Int
    /// Per mille of the invoices it pays that it pays partly first (the rest later, or never).
    let partialPerMille: Int
    let referenceStyle: ReferenceStyle
}

/// A customer of a generated history: who it is, what it is usually invoiced, and how it pays.
struct HistoryCustomer: Sendable {
    /// The generator's key for the customer (`C000042`), named in the truth files and customers.json.
    let key: String
    let profile: WorkloadPlan.Customer
    /// What the customer is usually invoiced, in cents; each invoice is 60–140 % of it.
    let typicalCents: Int64
    let habit: PaymentHabit

    /// A fixed population of `count` customers. Consumers' names are distinct for the first 17 160 consumers, as the
    /// ledger tells consumers apart by name; businesses have distinct business IDs.
    static func population(count: Int, random: inout SeededRandom) -> [HistoryCustomer] {
        var customers: [HistoryCustomer] = []
        customers.reserveCapacity(count)
        var consumers = 0
        for index in 0..<count {
            let isConsumer = Int.random(in: 0..<10, using: &random) < 3
            let (postCode, town) = WorkloadPlan.towns.randomElement(using: &random)!
            let language = Int.random(in: 0..<10, using: &random) == 0 ? "sv" : "fi"
            let street = "Asiakastie \(index + 1)"
            let profile: WorkloadPlan.Customer
            if isConsumer {
                profile = WorkloadPlan.Customer(
                    name: consumerName(consumers), businessID: nil, street: street, postCode: postCode, town: town,
                    language: language)
                consumers += 1
            } else {
                let name = "\(WorkloadPlan.trades.randomElement(using: &random)!) \(WorkloadPlan.lastNames.randomElement(using: &random)!) Oy"
                profile = WorkloadPlan.Customer(
                    name: name, businessID: WorkloadPlan.businessID(base: 1_000_000 + index * 7), street: street, postCode: postCode,
                    town: town, language: language)
            }
            // Log-uniform between 20 and 3 000 euros: many small invoices, a few large ones.
            let typical = Int64((2_000.0 * pow150(Double.random(in: 0..<1, using: &random))).rounded())
            customers.append(HistoryCustomer(
                key: "C" + padded(index, to: 6), profile: profile, typicalCents: typical,
                habit: habit(random: &random)))
        }
        return customers
    }

    private static func habit(random: inout SeededRandom) -> PaymentHabit {
        let roll = Int.random(in: 0..<100, using: &random)
        let kind: PaymentHabit.Kind
        let delay: Int
        let jitter: Int
        let never: Int
        switch roll {
        case 0..<45:
            kind = .prompt
            delay = Int.random(in: -7...0, using: &random)
            jitter = Int.random(in: 0...2, using: &random)
            never = Int.random(in: 80...180, using: &random)
        case 45..<78:
            kind = .late
            delay = Int.random(in: 5...20, using: &random)
            jitter = Int.random(in: 1...3, using: &random)
            never = Int.random(in: 150...300, using: &random)
        case 78..<90:
            kind = .veryLate
            delay = Int.random(in: 30...90, using: &random)
            jitter = Int.random(in: 2...5, using: &random)
            never = Int.random(in: 300...550, using: &random)
        default:
            kind = .erratic
            delay = Int.random(in: 0...20, using: &random)
            jitter = Int.random(in: 5...10, using: &random)
            never = Int.random(in: 200...400, using: &random)
        }
        let partial = Int.random(in: 0...150, using: &random)
        let styleRoll = Int.random(in: 0..<10, using: &random)
        let style: PaymentHabit.ReferenceStyle = styleRoll == 0 ? .rf : (styleRoll == 1 ? .leadingZeros : .finnish)
        return PaymentHabit(
            kind: kind, delayDays: delay, jitterDays: jitter, neverPaysPerMille: never, partialPerMille: partial,
            referenceStyle: style)
    }

    /// 150 to the power `x` (0 ≤ x < 1), without Foundation.
    private static func pow150(_ x: Double) -> Double {
        // exp(x · ln 150) by its series: x · ln 150 < 5.02, so 40 terms are exact to the last bit that matters.
        let y = x * 5.010635294096256
        var term = 1.0
        var sum = 1.0
        for n in 1...40 {
            term *= y / Double(n)
            sum += term
        }
        return sum
    }

    /// A consumer's name, distinct for each ordinal below 17 160: first name, an optional middle name, last name
    /// and an optional second last name.
    private static func consumerName(_ ordinal: Int) -> String {
        var rest = ordinal
        let first = WorkloadPlan.firstNames[rest % WorkloadPlan.firstNames.count]
        rest /= WorkloadPlan.firstNames.count
        let last = WorkloadPlan.lastNames[rest % WorkloadPlan.lastNames.count]
        rest /= WorkloadPlan.lastNames.count
        let middle = rest % (middleNames.count + 1)
        rest /= middleNames.count + 1
        let secondLast = rest % (WorkloadPlan.lastNames.count + 1)
        return first + (middle == 0 ? "" : " " + middleNames[middle - 1]) + " " + last
            + (secondLast == 0 ? "" : "-" + WorkloadPlan.lastNames[secondLast - 1])
    }

    private static let middleNames = ["Maria", "Johannes", "Kaarina", "Olavi", "Sofia", "Juhani", "Helena", "Mikael", "Elina", "Antero", "Ilona", "Tapio"]
}

/// `value` in decimal, padded with leading zeros to `width` digits.
func padded(_ value: Int, to width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
