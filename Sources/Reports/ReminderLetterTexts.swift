import Receivables

/// Every text a reminder letter shows, in one language, and how it writes money (`Language.money`), dates and rates:
/// * Finnish and Swedish: `1 234,56 €` (a no-break space U+00A0 between thousands and before the currency),
///   `27.11.2026`, `10,5 %`;
/// * English: `€1,234.56`, `27 November 2026` (day, month name, year: no reader takes it for another day),
///   `10.5%`.
/// Other currencies than the euro are written with their code (`1 234,56 SEK`, `SEK 1,234.56`), and negative
/// amounts with a minus sign (U+2212).
struct LetterTexts: Sendable {
    let language: Language
    let title: String
    let subject: @Sendable (_ invoiceNumber: String) -> String
    let dateLabel: String
    let salutation: String
    let intro: @Sendable (_ invoiceNumber: String, _ isPartlyPaid: Bool) -> String
    let overlooked: String
    let remindedBefore: String
    let request: @Sendable (_ total: String, _ payBy: String) -> String
    let invoiceHeading: String
    let invoiceNumber: String
    let invoiceDate: String
    let originalDueDate: String
    let reference: String
    let breakdownHeading: String
    let invoiceAmount: String
    let paid: String
    let credited: String
    let open: String
    let interest: String
    let interestNote: @Sendable (_ rate: String?, _ from: String?, _ through: String?, _ isBusiness: Bool) -> String
    /// The rows of the earlier reminders' fees and compensation, and of what was paid of interest and charges.
    let earlierCharges: String
    let chargesPaid: String
    let fee: String
    let feeNote: @Sendable (_ isBusiness: Bool) -> String
    let compensation: String
    let compensationNote: String
    let total: String
    let noFee: String
    let paymentHeading: String
    let payee: String
    let account: String
    let bic: String
    let dueDate: String
    let amount: String
    let useReference: String
    let noReference: @Sendable (_ invoiceNumber: String) -> String
    let alreadyPaid: String
    let contact: @Sendable (_ contact: String?) -> String
    let closing: String
    let businessId: String
    /// The month names for English dates (empty for the other languages).
    let months: [String]

    static let finnish = LetterTexts(
        language: .fi,
        title: "Maksumuistutus",
        subject: { "Maksumuistutus: lasku \($0)" },
        dateLabel: "Päivämäärä",
        salutation: "Hyvä asiakkaamme,",
        intro: { number, isPartlyPaid in
            isPartlyPaid
                ? "Kirjanpitomme mukaan laskustamme \(number) on vielä osa maksamatta."
                : "Kirjanpitomme mukaan laskumme \(number) on vielä maksamatta."
        },
        overlooked: "Lasku on voinut jäädä huomaamatta, joten muistutamme siitä ystävällisesti.",
        remindedBefore: "Muistutimme laskusta jo aiemmin, mutta maksua ei ole vielä näkynyt tilillämme.",
        request: { total, payBy in "Pyydämme maksamaan yhteensä \(total) viimeistään \(payBy)." },
        invoiceHeading: "Laskun tiedot",
        invoiceNumber: "Laskun numero",
        invoiceDate: "Laskun päivämäärä",
        originalDueDate: "Alkuperäinen eräpäivä",
        reference: "Viitenumero",
        breakdownHeading: "Erittely",
        invoiceAmount: "Laskun summa",
        paid: "Maksettu",
        credited: "Hyvitetty",
        open: "Avoinna",
        interest: "Viivästyskorko",
        interestNote: { rate, from, through, isBusiness in
            var note = rate.map { "\($0) vuodessa" } ?? ""
            if let through { note += (note.isEmpty ? "Ajalta " : " ajalta ") + "\(from ?? "")–\(through)" }
            note += note.isEmpty ? "" : ". "
            return note
                + (isBusiness
                    ? "Korkolaki (633/1982) 4 a §: viitekorko + 8 prosenttiyksikköä."
                    : "Korkolaki (633/1982) 4 §: viitekorko + 7 prosenttiyksikköä.")
        },
        earlierCharges: "Aiempien muistutusten kulut",
        chargesPaid: "Korosta ja kuluista jo maksettu",
        fee: "Muistutusmaksu",
        feeNote: { isBusiness in
            "Kohtuullinen perintäkulu, laki saatavien perinnästä (513/1999) 10 § ja "
                + "\(isBusiness ? "10 e" : "10 a") §."
        },
        compensation: "Vakiokorvaus perintäkuluista",
        compensationNote: "Laki saatavien perinnästä (513/1999) 10 i §: 40 € kutakin myöhästynyttä maksua "
            + "kohden yritysten välillä. Perintäkuluja peritään vain siltä osin kuin ne ylittävät "
            + "vakiokorvauksen.",
        total: "Maksettava yhteensä",
        noFee: "Tästä muistutuksesta ei peritä muistutusmaksua.",
        paymentHeading: "Maksutiedot",
        payee: "Saaja",
        account: "Tilinumero (IBAN)",
        bic: "BIC",
        dueDate: "Eräpäivä",
        amount: "Maksettava",
        useReference: "Pyydämme käyttämään maksaessa viitenumeroa, jotta maksu kohdistuu oikealle laskulle.",
        noReference: { "Pyydämme kirjoittamaan maksun viestiksi laskun numeron \($0)." },
        alreadyPaid: "Jos lasku on jo maksettu, tämä muistutus on aiheeton – kiitos maksusta!",
        contact: { contact in
            "Jos maksaminen eräpäivään mennessä ei onnistu tai laskussa on jotain epäselvää, "
                + "toivomme yhteydenottoa"
                + (contact.map { ": \($0)." } ?? ".")
                + " Sovitaan yhdessä sopiva ratkaisu, esimerkiksi maksusuunnitelma."
        },
        closing: "Ystävällisin terveisin",
        businessId: "Y-tunnus",
        months: [])

    static let swedish = LetterTexts(
        language: .sv,
        title: "Betalningspåminnelse",
        subject: { "Betalningspåminnelse: faktura \($0)" },
        dateLabel: "Datum",
        salutation: "Bästa kund,",
        intro: { number, isPartlyPaid in
            isPartlyPaid
                ? "Enligt vår bokföring är en del av vår faktura \(number) ännu obetald."
                : "Enligt vår bokföring är vår faktura \(number) ännu obetald."
        },
        overlooked: "Fakturan kan ha blivit förbisedd, så vi vill vänligen påminna om den.",
        remindedBefore:
            "Vi har redan tidigare påmint om fakturan, men betalningen har ännu inte kommit in på vårt konto.",
        request: { total, payBy in "Vi ber om betalning av sammanlagt \(total) senast \(payBy)." },
        invoiceHeading: "Fakturauppgifter",
        invoiceNumber: "Fakturanummer",
        invoiceDate: "Fakturadatum",
        originalDueDate: "Ursprunglig förfallodag",
        reference: "Referensnummer",
        breakdownHeading: "Specifikation",
        invoiceAmount: "Fakturans belopp",
        paid: "Betalt",
        credited: "Krediterat",
        open: "Obetalt",
        interest: "Dröjsmålsränta",
        interestNote: { rate, from, through, isBusiness in
            var note = rate.map { "\($0) per år" } ?? ""
            if let through { note += (note.isEmpty ? "För tiden " : " för tiden ") + "\(from ?? "")–\(through)" }
            note += note.isEmpty ? "" : ". "
            return note
                + (isBusiness
                    ? "Räntelagen (633/1982) 4 a §: referensräntan + 8 procentenheter."
                    : "Räntelagen (633/1982) 4 §: referensräntan + 7 procentenheter.")
        },
        earlierCharges: "Kostnader för tidigare påminnelser",
        chargesPaid: "Redan betalt av ränta och kostnader",
        fee: "Påminnelseavgift",
        feeNote: { isBusiness in
            "Skäliga indrivningskostnader, lagen om indrivning av fordringar (513/1999) 10 § och "
                + "\(isBusiness ? "10 e" : "10 a") §."
        },
        compensation: "Standardersättning för indrivningskostnader",
        compensationNote: "Lagen om indrivning av fordringar (513/1999) 10 i §: 40 € för varje försenad betalning "
            + "mellan företag. Indrivningskostnader tas ut endast till den del de överstiger standardersättningen.",
        total: "Att betala sammanlagt",
        noFee: "För denna påminnelse tas ingen påminnelseavgift ut.",
        paymentHeading: "Betalningsuppgifter",
        payee: "Mottagare",
        account: "Kontonummer (IBAN)",
        bic: "BIC",
        dueDate: "Förfallodag",
        amount: "Att betala",
        useReference: "Använd referensnumret vid betalningen, så att betalningen hänförs till rätt faktura.",
        noReference: { "Ange fakturanumret \($0) som meddelande vid betalningen." },
        alreadyPaid:
            "Om fakturan redan är betald kan denna påminnelse lämnas utan avseende – tack för betalningen!",
        contact: { contact in
            "Om betalningen inte är möjlig före förfallodagen, eller om något i fakturan är oklart, ta gärna "
                + "kontakt med oss" + (contact.map { ": \($0)." } ?? ".")
                + " Vi kommer gärna överens om en lösning, till exempel en betalningsplan."
        },
        closing: "Med vänliga hälsningar",
        businessId: "FO-nummer",
        months: [])

    static let english = LetterTexts(
        language: .en,
        title: "Payment reminder",
        subject: { "Payment reminder: invoice \($0)" },
        dateLabel: "Date",
        salutation: "Dear customer,",
        intro: { number, isPartlyPaid in
            isPartlyPaid
                ? "According to our records, our invoice \(number) has not yet been paid in full."
                : "According to our records, our invoice \(number) has not yet been paid."
        },
        overlooked: "It may simply have been overlooked, so we are sending you this friendly reminder.",
        remindedBefore: "We reminded you of this invoice earlier, but we have not yet received your payment.",
        request: { total, payBy in "Please pay a total of \(total) by \(payBy)." },
        invoiceHeading: "Invoice",
        invoiceNumber: "Invoice number",
        invoiceDate: "Invoice date",
        originalDueDate: "Original due date",
        reference: "Reference number",
        breakdownHeading: "What is open",
        invoiceAmount: "Invoice amount",
        paid: "Paid",
        credited: "Credited",
        open: "Open",
        interest: "Late-payment interest",
        interestNote: { rate, from, through, isBusiness in
            var note = rate.map { "\($0) a year" } ?? ""
            if let through {
                note += (note.isEmpty ? "For " : " for ")
                    + (from.map { "\($0) – \(through)" } ?? "the time until \(through)")
            }
            note += note.isEmpty ? "" : ". "
            return note
                + (isBusiness
                    ? "Interest Act (633/1982) section 4 a: the reference rate + 8 percentage points."
                    : "Interest Act (633/1982) section 4: the reference rate + 7 percentage points.")
        },
        earlierCharges: "Charges of earlier reminders",
        chargesPaid: "Already paid of interest and charges",
        fee: "Reminder fee",
        feeNote: { isBusiness in
            "Reasonable collection costs, Debt Collection Act (513/1999) sections 10 and "
                + "\(isBusiness ? "10 e" : "10 a")."
        },
        compensation: "Fixed compensation for recovery costs",
        compensationNote: "Debt Collection Act (513/1999) section 10 i: €40 for each late payment between "
            + "businesses. Collection costs are charged only to the extent that they exceed this compensation.",
        total: "Total to pay",
        noFee: "We charge no fee for this reminder.",
        paymentHeading: "Payment details",
        payee: "Payee",
        account: "Account (IBAN)",
        bic: "BIC",
        dueDate: "Due date",
        amount: "Amount",
        useReference: "Please use the reference number when you pay, so that your payment reaches the right invoice.",
        noReference: { "Please give the invoice number \($0) as the message of your payment." },
        alreadyPaid: "If you have already paid, please disregard this reminder – and thank you for your payment!",
        contact: { contact in
            "If you cannot pay by the due date, or something in the invoice is unclear, please get in touch"
                + (contact.map { ": \($0)." } ?? ".")
                + " We will gladly agree on a solution with you, such as a payment plan."
        },
        closing: "Kind regards",
        businessId: "Business ID",
        months: [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ])

    // MARK: Formats (money: `Language.money`)

    /// A date as this language writes it: `27.11.2026`, `27 November 2026`.
    func date(_ day: LocalDate) -> String {
        language == .en ? "\(day.day) \(months[day.month - 1]) \(day.year)" : day.dayMonthYear
    }

    /// A percentage kept as `10.5` as this language writes it: `10,5 %`, `10.5%`.
    func percent(_ dotted: String) -> String {
        language == .en ? "\(dotted)%" : dotted.replacing(".", with: ",") + Language.noBreakSpace + "%"
    }
}
