public import Receivables

/// The credit policy as plain text for people (`saatava policy`): the guide's "document your credit policy". In
/// Finnish by default, or in Swedish or English; money as the reminder letters write it.
public enum PolicyText {
    /// The policy as plain text in a language (`fi`, `sv`, `en`; anything else reads as Finnish).
    public static func render(_ policy: CreditPolicyView, language: String) -> String {
        let document = Document(policy, language: language)
        var text = document.title + "\n\n"
        for section in document.classes {
            text += section.heading + "\n" + section.steps.enumerated().map { "  \($0 + 1). \($1)\n" }.joined()
            text += "  \(section.minimum)\n\n"
        }
        text += document.timing + "\n\n" + document.compensation + "\n\n" + document.limitsTitle + "\n"
        text += document.limits.map { "  - \($0.what): \($0.values) (\($0.section))\n" }.joined()
        return text
    }

    /// The same as a self-contained HTML page, printable on A4 (`saatava policy --format html`).
    public static func html(_ policy: CreditPolicyView, language: String) -> String {
        let document = Document(policy, language: language)
        let lang = ["sv", "en"].contains(language) ? language : "fi"
        var page = """
            <!DOCTYPE html>
            <html lang="\(lang)"><head><meta charset="utf-8"><title>\(AccountantReport.escape(document.title))</title>
            <style>body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em; } td, th { padding: 3px 8px; text-align: left; }
            @page { size: A4; margin: 15mm; }</style></head><body>
            <h1>\(AccountantReport.escape(document.title))</h1>

            """
        for section in document.classes {
            page += "<h2>\(AccountantReport.escape(section.heading))</h2>\n<ol>\n" + section.steps.map { "<li>\(AccountantReport.escape($0))</li>\n" }.joined()
            page += "</ol>\n<p>\(AccountantReport.escape(section.minimum))</p>\n"
        }
        page += "<p>\(AccountantReport.escape(document.timing))</p>\n"
        page += "<p>\(AccountantReport.escape(document.compensation))</p>\n<h2>\(AccountantReport.escape(document.limitsTitle))</h2>\n<table>\n"
        for limit in document.limits {
            page += "<tr><td>\(AccountantReport.escape(limit.what))</td><td>\(AccountantReport.escape(limit.values))</td><td>\(AccountantReport.escape(limit.section))</td></tr>\n"
        }
        return page + "</table>\n</body></html>\n"
    }

    /// The policy's sentences in one language, ready for either layout.
    private struct Document {
        let title, timing, compensation, limitsTitle: String
        let classes: [(heading: String, steps: [String], minimum: String)]
        let limits: [(what: String, values: String, section: String)]

        init(_ policy: CreditPolicyView, language: String) {
            let words = Words.of(language)
            title = words.title
            timing = words.timing
            classes = policy.classes.map { customerClass in
                let who = (customerClass.consumers ? [words.consumers] : []) + (customerClass.businesses ? [words.businesses] : [])
                    + customerClass.customers
                let steps = customerClass.steps.enumerated().map { index, step in
                    let when = index == 0 ? words.afterDue(step.after) : words.afterPrevious(step.after)
                    return when + ": " + (step.isCollection ? words.collection : words.reminder(words.money(step.fee), step.payWithin))
                }
                return ("\(words.customerClass) \(customerClass.name): \(who.isEmpty ? words.nobody : who.joined(separator: ", "))",
                        steps, words.minimum(words.money(customerClass.minimumOpen)))
            }
            compensation = policy.chargesCompensation ? words.compensationCharged : words.compensationNotCharged
            limitsTitle = words.limitsTitle
            limits = policy.limits.map { limit in
                let isDays = [.consumerSentBeforeDue, .consumerDaysAfterDue, .consumerInterval, .businessInterval].contains(limit.kind)
                return (words.limit(limit.kind), limit.values.map { isDays ? "\($0)" : words.money($0) }.joined(separator: " / "),
                        limit.section)
            }
        }
    }

    /// The policy's words in one language.
    private struct Words {
        let title, customerClass, consumers, businesses, nobody, collection, timing: String
        let compensationCharged, compensationNotCharged, limitsTitle: String
        let afterDue: (Int) -> String
        let afterPrevious: (Int) -> String
        let reminder: (_ fee: String, _ payWithin: Int) -> String
        let minimum: (String) -> String
        let limit: (CreditPolicyView.LegalLimit.Kind) -> String
        let money: (Int64) -> String

        static func of(_ language: String) -> Words {
            switch language {
            case "en":
                return Words(
                    title: "Credit policy: how overdue invoices are reminded and collected", customerClass: "Class",
                    consumers: "consumers", businesses: "businesses", nobody: "no one by default",
                    collection: "the invoice goes to the collection agency",
                    timing: "Whatever the days above say, a step never comes before a payment made on the last day to "
                        + "pay (the due date, or the previous reminder's pay-by date) can be known: a last day on "
                        + "which banks are closed (a weekend or a bank holiday) moves to the next banking day, the "
                        + "money is booked on the banking day after, and the bank's file of it arrives on the "
                        + "banking day after that.",
                    compensationCharged: "Business debtors are charged the €40 standard compensation, which reminder fees offset.",
                    compensationNotCharged: "The €40 standard compensation is not charged.",
                    limitsTitle: "What the law allows, and where it says so:",
                    afterDue: { "\($0) days after the due date" }, afterPrevious: { "\($0) days after the previous step" },
                    reminder: { "a reminder, fee \($0) where the law allows it, to be paid within \($1) days" },
                    minimum: { "No step for less than \($0) open." },
                    limit: {
                        switch $0 {
                        case .consumerReminderFee: return "consumer: a reminder's fee at most"
                        case .consumerSentBeforeDue: return "consumer: a fee only if the invoice was sent before its due date by days, at least"
                        case .consumerDaysAfterDue: return "consumer: a fee only this many days after the due date"
                        case .consumerInterval: return "consumer: days between fee-bearing reminders, at least"
                        case .consumerTotal: return "consumer: all collection costs of a claim at most (principal up to 100 / 1,000 / more)"
                        case .businessReminderFee: return "business: a reminder's fee at most"
                        case .businessInterval: return "business: days between fee-bearing reminders, at least"
                        case .compensation: return "business: standard compensation per late invoice, which fees offset"
                        case .businessTotal: return "business: all collection costs of a claim at most (principal up to 500 / 2,500 / 10,000 / more)"
                        }
                    },
                    money: { Language.en.money($0, .euro) })
            case "sv":
                return Words(
                    title: "Kreditpolicy: hur förfallna fakturor påminns och drivs in", customerClass: "Klass",
                    consumers: "konsumenter", businesses: "näringsidkare", nobody: "ingen som standard",
                    collection: "fakturan överlämnas till inkassobyrån",
                    timing: "Oavsett dagarna ovan kommer ett steg aldrig innan en betalning som gjorts den sista "
                        + "betalningsdagen (förfallodagen eller föregående påminnelses sista betalningsdag) kan "
                        + "vara känd: en sista dag då bankerna är stängda (veckoslut eller bankhelgdag) flyttas "
                        + "till nästa bankdag, pengarna bokförs följande bankdag och bankens fil om dem kommer "
                        + "bankdagen därpå.",
                    compensationCharged: "Näringsidkare debiteras standardersättningen 40 €, som påminnelseavgifterna avräknas mot.",
                    compensationNotCharged: "Standardersättningen 40 € debiteras inte.",
                    limitsTitle: "Vad lagen tillåter, och var den säger det:",
                    afterDue: { "\($0) dagar efter förfallodagen" }, afterPrevious: { "\($0) dagar efter föregående steg" },
                    reminder: { "påminnelse, avgift \($0) där lagen tillåter det, att betalas inom \($1) dagar" },
                    minimum: { "Inget steg när mindre än \($0) är öppet." },
                    limit: {
                        switch $0 {
                        case .consumerReminderFee: return "konsument: en påminnelses avgift högst"
                        case .consumerSentBeforeDue: return "konsument: avgift bara om fakturan sänts minst så många dagar före förfallodagen"
                        case .consumerDaysAfterDue: return "konsument: avgift först så många dagar efter förfallodagen"
                        case .consumerInterval: return "konsument: dagar mellan avgiftsbelagda påminnelser, minst"
                        case .consumerTotal: return "konsument: alla indrivningskostnader för en fordran högst (kapital upp till 100 / 1 000 / mer)"
                        case .businessReminderFee: return "näringsidkare: en påminnelses avgift högst"
                        case .businessInterval: return "näringsidkare: dagar mellan avgiftsbelagda påminnelser, minst"
                        case .compensation: return "näringsidkare: standardersättning per försenad faktura, som avgifterna avräknas mot"
                        case .businessTotal: return "näringsidkare: alla indrivningskostnader för en fordran högst (kapital upp till 500 / 2 500 / 10 000 / mer)"
                        }
                    },
                    money: { Language.sv.money($0, .euro) })
            default:
                return Words(
                    title: "Luottopolitiikka: miten erääntyneistä laskuista muistutetaan ja ne peritään", customerClass: "Luokka",
                    consumers: "kuluttajat", businesses: "yritykset", nobody: "ei kukaan oletuksena",
                    collection: "lasku siirretään perintätoimistolle",
                    timing: "Päivistä riippumatta vaihe ei tule ennen kuin viimeisenä maksupäivänä (eräpäivänä tai "
                        + "edellisen muistutuksen viimeisenä maksupäivänä) maksettu suoritus voi olla tiedossa: "
                        + "pankkien sulkupäivä (viikonloppu tai pankkipyhä) siirtää viimeisen maksupäivän "
                        + "seuraavaan pankkipäivään, raha kirjautuu seuraavana pankkipäivänä ja pankin tiedosto "
                        + "siitä saapuu sitä seuraavana pankkipäivänä.",
                    compensationCharged: "Elinkeinonharjoittajilta peritään 40 euron vakiokorvaus, johon muistutusmaksut hyvitetään.",
                    compensationNotCharged: "40 euron vakiokorvausta ei peritä.",
                    limitsTitle: "Mitä laki sallii, ja missä se sen sanoo:",
                    afterDue: { "\($0) päivää eräpäivän jälkeen" }, afterPrevious: { "\($0) päivää edellisen vaiheen jälkeen" },
                    reminder: { "maksumuistutus, maksu \($0) kun laki sen sallii, maksettava \($1) päivässä" },
                    minimum: { "Ei vaiheita, kun avoinna on alle \($0)." },
                    limit: {
                        switch $0 {
                        case .consumerReminderFee: return "kuluttaja: maksumuistutuksen maksu enintään"
                        case .consumerSentBeforeDue: return "kuluttaja: maksu vain, jos lasku lähetettiin vähintään näin monta päivää ennen eräpäivää"
                        case .consumerDaysAfterDue: return "kuluttaja: maksu aikaisintaan näin monta päivää eräpäivän jälkeen"
                        case .consumerInterval: return "kuluttaja: päiviä maksullisten muistutusten välillä vähintään"
                        case .consumerTotal: return "kuluttaja: saatavan perintäkulut yhteensä enintään (pääoma enintään 100 / 1 000 / yli)"
                        case .businessReminderFee: return "yritys: maksumuistutuksen maksu enintään"
                        case .businessInterval: return "yritys: päiviä maksullisten muistutusten välillä vähintään"
                        case .compensation: return "yritys: vakiokorvaus myöhästyneestä laskusta, johon maksut hyvitetään"
                        case .businessTotal: return "yritys: saatavan perintäkulut yhteensä enintään (pääoma enintään 500 / 2 500 / 10 000 / yli)"
                        }
                    },
                    money: { Language.fi.money($0, .euro) })
            }
        }
    }
}
