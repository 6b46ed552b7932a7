/// How long past due an invoice over 100 days past due is: the bands a page counts those it does not list by.
public enum OverdueBand: Int, Sendable, CaseIterable, Comparable {
    case days101To180
    case days181To365
    case over365

    /// The band of an invoice this many days past due (more than 100).
    public init(daysPastDue days: Int) {
        switch days {
        case ...180: self = .days101To180
        case 181...365: self = .days181To365
        default: self = .over365
        }
    }

    /// The band's days past due, both ends included; `through` nil: no end.
    public var days: (from: Int, through: Int?) {
        switch self {
        case .days101To180: (101, 180)
        case .days181To365: (181, 365)
        case .over365: (366, nil)
        }
    }

    public static func < (first: OverdueBand, second: OverdueBand) -> Bool { first.rawValue < second.rawValue }
}

/// Invoices over 100 days past due that a list counts and sums instead of listing them: of one currency and band,
/// with the collection agency or not.
public struct UnlistedOverdue: Sendable, Equatable {
    public let inCollection: Bool
    public let band: OverdueBand
    public let currency: Currency
    public let count: Int
    /// What they owe of principal, in minor units.
    public let open: Int64

    /// Creates a count of unlisted invoices.
    public init(inCollection: Bool, band: OverdueBand, currency: Currency, count: Int, open: Int64) {
        self.inCollection = inCollection
        self.band = band
        self.currency = currency
        self.count = count
        self.open = open
    }
}

/// The invoices over 100 days past due as a list shows them, gathered one at a time: the oldest first. A list of
/// `limit` lists only the first `limit` a person must act on; those with the collection agency and those beyond the
/// limit are counted and summed, and no more than twice the limit is ever held. A list without a limit lists every one.
public struct OverdueList: Sendable {
    private let limit: Int?
    private var listed: [OverdueInvoice] = []
    /// The last of those listed when the list was last cut: one that comes after it is never listed, and is counted
    /// at once.
    private var last: OverdueInvoice?
    private var unlisted: [Group: (count: Int, open: Int64)] = [:]

    private struct Group: Hashable {
        let inCollection: Bool
        let band: OverdueBand
        let currency: Currency
    }

    /// An empty list of at most `limit` (nil: every invoice listed), the invoices `counted` already counted in it.
    public init(listing limit: Int?, counted: [UnlistedOverdue] = []) {
        precondition((limit ?? 0) >= 0, "a list lists no fewer than none")
        self.limit = limit
        for group in counted {
            count(Group(inCollection: group.inCollection, band: group.band, currency: group.currency),
                  group.count, group.open)
        }
    }

    /// Adds `invoice` to the list, or to what is counted.
    public mutating func add(_ invoice: OverdueInvoice) {
        guard let limit else { return listed.append(invoice) }
        guard !invoice.dunning.inCollection else { return count(invoice) }
        if let last, !OverdueInvoice.listedBefore(invoice, last) { return count(invoice) }
        listed.append(invoice)
        if listed.count >= 2 * max(limit, 1) { keepFirst(limit) }
    }

    /// The invoices listed, in the list's order, and what was counted instead, by whether with the agency (not first),
    /// band and currency.
    public consuming func finish() -> (listed: [OverdueInvoice], unlisted: [UnlistedOverdue]) {
        keepFirst(limit ?? listed.count)
        let unlisted = unlisted.map { group, sum in
            UnlistedOverdue(inCollection: group.inCollection, band: group.band, currency: group.currency,
                            count: sum.count, open: sum.open)
        }
        return (listed, unlisted.sorted {
            ($0.inCollection ? 1 : 0, $0.band, $0.currency) < ($1.inCollection ? 1 : 0, $1.band, $1.currency)
        })
    }

    /// Sorts those listed and counts all but the first `first`.
    private mutating func keepFirst(_ first: Int) {
        listed.sort(by: OverdueInvoice.listedBefore)
        guard listed.count > first else { return }
        for invoice in listed[first...] { count(invoice) }
        listed.removeSubrange(first...)
        last = listed.last
    }

    private mutating func count(_ invoice: OverdueInvoice) {
        count(Group(inCollection: invoice.dunning.inCollection, band: OverdueBand(daysPastDue: invoice.daysPastDue),
                    currency: invoice.currency), 1, invoice.open)
    }

    private mutating func count(_ group: Group, _ count: Int, _ open: Int64) {
        let sum = unlisted[group, default: (0, 0)]
        unlisted[group] = (sum.count + count, sum.open + open)
    }
}

extension OverdueInvoice {
    /// Whether `first` comes before `second` on the list: the oldest first, then by invoice number; two of the same
    /// number (of two sellers) by what else they show, so that the order never depends on the order they came in.
    public static func listedBefore(_ first: OverdueInvoice, _ second: OverdueInvoice) -> Bool {
        if first.daysPastDue != second.daysPastDue { return first.daysPastDue > second.daysPastDue }
        let one = (-first.daysPastDue, first.invoiceNumber, first.customerId, first.currency.code)
        let other = (-second.daysPastDue, second.invoiceNumber, second.customerId, second.currency.code)
        if one != other { return one < other }
        let (state, otherState) = (first.dunning, second.dunning)
        return (first.amount, first.open, state.reminderLevel, state.inCollection ? 1 : 0, state.hold?.rawValue ?? "")
            < (second.amount, second.open, otherState.reminderLevel, otherState.inCollection ? 1 : 0,
               otherState.hold?.rawValue ?? "")
    }
}
