import Dunning
import Receivables
import Reports

/// `saatava policy`: the config's credit policy (or the built-in one), with the law's limits, for people to read.
public enum PolicyListing {
    /// The policy as text, or as an HTML page, in the config's language.
    public static func render(config: RunConfig, asHTML: Bool = false) -> String {
        let policy = view(config.dunning, law: .finland)
        return asHTML ? PolicyText.html(policy, language: config.language) : PolicyText.render(policy, language: config.language)
    }

    static func view(_ policy: DunningPolicy, law: LegalProfile) -> CreditPolicyView {
        let classes = policy.classes.values.sorted { $0.name < $1.name }.map { customerClass in
            CreditPolicyView.CustomerClass(
                name: customerClass.name,
                steps: customerClass.steps.map {
                    CreditPolicyView.Step(after: $0.after, isCollection: $0.action == .collection, fee: $0.fee, payWithin: $0.payWithin)
                },
                minimumOpen: customerClass.minimumOpen, consumers: policy.consumerClass == customerClass.name,
                businesses: policy.businessClass == customerClass.name,
                customers: policy.customers.filter { $0.value == customerClass.name }.keys.sorted())
        }
        let (consumer, business) = (law.consumer, law.business)
        typealias Limit = CreditPolicyView.LegalLimit
        let limits = [
            Limit(kind: .consumerReminderFee, values: [consumer.reminderFee.value], section: consumer.reminderFee.section),
            Limit(kind: .consumerSentBeforeDue, values: [consumer.sentBeforeDueDays.value], section: consumer.sentBeforeDueDays.section),
            Limit(kind: .consumerDaysAfterDue, values: [consumer.daysAfterDue.value], section: consumer.daysAfterDue.section),
            Limit(kind: .consumerInterval, values: [consumer.interval.value], section: consumer.interval.section),
            Limit(kind: .consumerTotal, values: consumer.totalCaps.map(\.cap), section: consumer.totalCapsSection),
            Limit(kind: .businessReminderFee, values: [business.reminderFee.value], section: business.reminderFee.section),
            Limit(kind: .businessInterval, values: [business.interval.value], section: business.interval.section),
            Limit(kind: .compensation, values: [business.compensation.value], section: business.compensation.section),
            Limit(kind: .businessTotal, values: business.totalCaps.map(\.cap), section: business.totalCapsSection),
        ]
        return CreditPolicyView(classes: classes, chargesCompensation: policy.chargesCompensation, limits: limits)
    }
}
