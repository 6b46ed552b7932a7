import Receivables

/// Every text the accountant's report (report.html) shows, in one language, and how it writes money and dates:
/// * Finnish and Swedish: `1 234,56 €` (`Language.money`: a no-break space U+00A0 between thousands and before the
///   currency, `1 234,56 SEK` for other currencies), dates `27.11.2026`;
/// * English: `€1,234.56` (`SEK 1,234.56`), dates `2026-11-27` (ISO: the accountant's working page sorts and
///   compares them; letters to customers write `27 November 2026`).
///
/// Texts that are HTML (`<code>`) say so; all others are plain text, escaped where they are placed. What the page
/// quotes from elsewhere (the run's refusals and warnings, a file's quarantine reason, dunning's reasons for waiting,
/// a fee's rule) is shown as the run wrote it.
struct ReportTexts: Sendable {
    let language: Language
    let title: @Sendable (_ day: String) -> String

    // The day's figures.
    let bookedOn: @Sendable (_ day: String) -> String
    let toDecideFigure: String
    let openFigure: String
    let quarantinedFigure: String

    // The accountant's list.
    let toDecideHeading: String
    let olderHeading: @Sendable (_ days: Int) -> String
    /// HTML.
    let olderAdvice: String
    let reason: String
    let age: String
    let count: String
    /// An age band of days since booking: from `from` through `through` (nil: no end).
    let ageBand: @Sendable (_ from: Int, _ through: Int?) -> String
    let nothingToDecide: String
    /// HTML.
    let howToDecide: String
    let group: @Sendable (_ reason: String, _ count: Int, _ sums: String) -> String
    let reasonTitle: @Sendable (_ reason: UnappliedReason?) -> String
    let reasonAdvice: @Sendable (_ reason: UnappliedReason?) -> String
    let booked: String
    let payer: String
    let referenceOrMessage: String
    let amount: String
    let unapplied: String
    let suggestion: String
    let suggestedInvoice: @Sendable (_ invoiceNumber: String) -> String
    let ruleName: @Sendable (_ rule: MatchRule) -> String
    let confidence: @Sendable (_ percent: Int) -> String

    // What the run refused.
    let refusedHeading: String
    let refusedAdvice: String

    // The decisions the run applied.
    let decidedHeading: String
    /// HTML.
    let decidedAdvice: String
    let paymentId: String
    let decision: String
    /// What a decision placed, refunded or set aside.
    let decidedAmount: String
    let note: String
    /// A decision as the list says it.
    let decisionWords: @Sendable (_ decision: Decision) -> String
    /// What the decisions refund, summed (`sums`), to be paid to the payers.
    let refundsToPay: @Sendable (_ sums: String) -> String

    // Customer credits.
    let creditsHeading: String
    let creditsAdvice: String
    let creditNote: String
    let customer: String
    let credit: String

    // Open invoices.
    let openHeading: String
    let openInvoices: @Sendable (_ count: Int, _ sums: String) -> String
    /// Of the open invoices, those dated after the day: not in ageing, DSO or the forecast yet.
    let openDatedLater: @Sendable (_ count: Int, _ sums: String) -> String

    // Reminders and collection.
    let dunningHeading: String
    let holdsEndedAdvice: String
    /// Above the steps of an earlier run today that the ledger has since overtaken.
    let overtakenAdvice: String
    /// Why such a step is overtaken: money placed on its invoice since (`amount`, as written).
    let paidSince: @Sendable (_ amount: String) -> String
    let unpaidChargesAdvice: String
    /// The invoices with charges unpaid whose last money came more than `days` ago: how many, and what they owe.
    let olderUnpaidCharges: @Sendable (_ count: Int, _ sums: String, _ days: Int) -> String
    let invoice: String
    let unpaidCharges: String
    let noStepToday: String
    let noCreditor: String
    /// Penalty interest claimed today stopped at the end of the reference-rate table (`through`, a date as written).
    let interestCutShort: @Sendable (_ through: String) -> String
    let step: String
    let fee: String
    let compensation: String
    let interest: String
    let payBy: String
    let feeRule: String
    let stepText: @Sendable (_ step: Int, _ channel: ReminderChannel?, _ dunningClass: String) -> String
    let waitingIntro: String
    /// The rule that set a reminder's fee, in words.
    let feeRuleWords: @Sendable (_ rule: FeeRule) -> String
    /// Why overdue invoices got no step today, by the reason's code (`not_yet_due`, `on_plan`, …).
    let waitingReason: @Sendable (_ code: String) -> String

    // Delivery.
    let deliveryWaitingHeading: String
    /// HTML.
    let deliveryWaitingAdvice: String
    let deliveredHeading: String
    /// HTML.
    let deliveredAdvice: String

    // Warnings and refused files.
    let warningsHeading: String
    let warningsAdvice: String
    let quarantinedHeading: String
    let none: String
    let file: String
    let why: String
    let quarantinedAdvice: String

    /// An amount in minor units: `1 234,56 €`, `€1,234.56`.
    func money(_ minorUnits: Int64, _ currency: Currency) -> String { language.money(minorUnits, currency) }

    /// A date: `27.11.2026`, `2026-11-27`.
    func date(_ day: LocalDate) -> String { language == .en ? day.description : day.dayMonthYear }

    static let finnish = ReportTexts(
        language: .fi,
        title: { "Saatavat \($0)" },
        bookedOn: { "Kirjatut maksut \($0)" },
        toDecideFigure: "Päätettävät maksut: kohdistamatta",
        openFigure: "Avoimet laskut",
        quarantinedFigure: "Hylätyt tiedostot (karanteenissa)",
        toDecideHeading: "Päätettävät maksut",
        olderHeading: { "Yli \($0) päivää sitten kirjatut päätettävät maksut" },
        olderAdvice: "Niitä ei luetella yllä eikä unmatched-payments.csv:ssä, jotta sivu pysyy päivän kokoisena. Koko "
            + "lista: <code>saatava ledger payments --status unmatched --format csv</code>; päätä niistä samoin sarakkein "
            + "tai <code>saatava resolve</code> -komennolla.",
        reason: "Syy", age: "Kirjattu", count: "Maksuja",
        ageBand: { from, through in through.map { "\(from)–\($0) pv sitten" } ?? "yli \(from - 1) pv sitten" },
        nothingToDecide: "Kaikki maksut on kohdistettu. Tänään ei ole päätettävää.",
        howToDecide: "Ryhmät on järjestetty summan mukaan, suurin ensin; ryhmän sisällä ensin maksut, joille on ehdotus, "
            + "sitten suurimmat. Tarkista ehdotuksen maksaja ja summa ennen kuin kohdistat. Päätä komennolla "
            + "<code>saatava resolve</code>, tai täytä tiedostoon unmatched-payments.csv sarakkeet <code>action</code> "
            + "(assign = kohdista laskulle, refund = palauta, ignore = ohita) ja <code>invoiceNumber</code> ja pudota "
            + "tiedosto kansioon inbox/decisions/: seuraava ajo soveltaa sen.",
        group: { reason, count, sums in "\(reason): \(count) \(count == 1 ? "maksu" : "maksua"), \(sums)" },
        reasonTitle: { reason in
            switch reason {
            case .noReference: return "Ei viitettä"
            case .invalidReference: return "Virheellinen viite"
            case .unknownReference: return "Tuntematon viite"
            case .invoiceSettled: return "Lasku jo maksettu"
            case .overpayment: return "Ylisuoritus"
            case .currency: return "Eri valuutta"
            case .debit: return "Lähtevä maksu"
            case .reversalUnmatched: return "Tuntemattoman maksun palautus"
            case .partialReversal: return "Maksun osittainen palautus"
            case .ambiguous: return "Monelle laskulle sopiva viite"
            case .zeroAmount: return "Nollamaksu"
            case nil: return "Muut"
            }
        },
        reasonAdvice: { reason in
            switch reason {
            case .noReference:
                return "Maksaja ei antanut viitettä. Etsi lasku viestin tai maksajan nimen perusteella ja kohdista maksu "
                    + "siihen."
            case .invalidReference:
                return "Viitteen tarkiste ei täsmää: luultavasti näppäilyvirhe. Etsi oikea lasku ja kohdista maksu siihen."
            case .unknownReference:
                return "Millään laskulla ei (vielä) ole tätä viitettä. Jos lasku saapuu myöhemmin, maksu kohdistuu "
                    + "silloin; muuten kysy maksajalta."
            case .invoiceSettled:
                return "Lasku oli jo maksettu: todennäköisesti kaksoismaksu. Päätä palautuksesta."
            case .overpayment:
                return "Lasku on maksettu; ylimenevä osa jää asiakkaan hyväksi. Palauta se tai pidä se hyvityksenä."
            case .currency:
                return "Maksettu eri valuutassa kuin lasku. Tarkista saatu summa ja kohdista käsin."
            case .debit:
                return "Tililtä lähtenyttä rahaa, ei asiakkaan maksu. Ohita se tässä."
            case .reversalUnmatched:
                return "Pankki palautti maksun, jota saatava ei tunne. Tarkista asia pankilta, kirjaa palautus käsin "
                    + "ja ohita se sitten tässä."
            case .partialReversal:
                return "Pankki palautti osan maksusta. saatava ei peru maksua osittain: lasku näkyy yhä maksettuna, "
                    + "eikä siitä muistuteta. Tarkista asia pankilta, kirjaa palautus käsin ja ohita se sitten tässä."
            case .ambiguous:
                return "Usealla avoimella laskulla on tämä viite, eikä mikään niistä ole täsmälleen tämän suuruinen. "
                    + "Kohdista käsin."
            case .zeroAmount:
                return "Maksu, jonka summa on nolla. Ohita se tai kysy pankilta, mistä on kyse."
            case nil:
                return "Tarkista maksu ja päätä."
            }
        },
        booked: "Kirjattu",
        payer: "Maksaja",
        referenceOrMessage: "Viite / viesti",
        amount: "Maksu",
        unapplied: "Kohdistamatta",
        suggestion: "Ehdotus",
        suggestedInvoice: { "Lasku \($0)" },
        ruleName: { rule in
            switch rule {
            case .invoiceNumberInText: return "laskun numero viestissä"
            case .referenceTypo: return "näppäilyvirhe viitteessä"
            case .amountAndName: return "summa ja nimi täsmäävät"
            default: return rule.rawValue
            }
        },
        confidence: { "varmuus \($0)\(Language.noBreakSpace)%" },
        refusedHeading: "Tässä ajossa hylätyt",
        refusedAdvice: "Mitään näistä ei kirjattu eikä sovellettu. Uudelleen toisenlaisena saapunut tietue säilyy "
            + "sellaisena kuin se ensin kirjattiin: kysy lähettäjältä, kumpi on oikein. Päätöstiedostoa sovelletaan "
            + "kokonaan tai ei lainkaan: korjaa mainittu rivi ja pudota tiedosto uudelleen kansioon inbox/decisions/.",
        decidedHeading: "Tässä ajossa sovelletut päätökset",
        decidedAdvice: "Näin päätöstiedostosi kirjattiin; niiden kirjanpitoviennit ovat journal.csv:ssä.",
        paymentId: "Maksun arkistointitunnus",
        decision: "Päätös",
        decidedAmount: "Summa",
        note: "Huomautus",
        decisionWords: { decision in
            switch decision {
            case .assign(let invoiceNumber): "kohdistettu laskulle \(invoiceNumber)"
            case .refund: "palautetaan maksajalle"
            case .ignore: "ohitettu: ei laskun maksu"
            }
        },
        refundsToPay: { sums in "Palautettavaa yhteensä \(sums): maksa palautukset maksajille pankista." },
        creditsHeading: "Asiakkaiden hyvitykset",
        creditsAdvice: "Hyvityslaskut, jotka hyvittivät enemmän kuin laskulla oli avoinna. Palauta raha asiakkaalle tai "
            + "vähennä hyvitys hänen seuraavasta laskustaan.",
        creditNote: "Hyvityslasku",
        customer: "Asiakas",
        credit: "Hyvitys",
        openHeading: "Avoimet laskut",
        openInvoices: { count, sums in
            "\(count) \(count == 1 ? "lasku" : "laskua") avoinna, yhteensä \(sums)."
        },
        openDatedLater: { count, sums in
            "Niistä \(count) on päivätty tämän päivän jälkeen (\(sums)): \(count == 1 ? "se ei" : "ne eivät") ole "
                + "vielä ikäjakaumassa, DSO:ssa eikä ennusteessa."
        },
        dunningHeading: "Muistutukset ja perintä",
        holdsEndedAdvice: "Tänään päättyneet pidätykset: muistutukset jatkuvat niiden kattamille laskuille.",
        overtakenAdvice: "Älä lähetä näitä tämän päivän aiemman ajon asiakirjoja: laskulle on sen jälkeen kohdistettu "
            + "rahaa tai se on pidätetty. Verkkolaskuerästä tai perintään siirron tiedostosta jätä pois vain nämä "
            + "laskut; muut ovat yhä oikein. Jos jokin on jo lähtenyt, ota yhteyttä asiakkaaseen tai "
            + "perintätoimistoon.",
        paidSince: { amount in "sen jälkeen maksettu \(amount)" },
        unpaidChargesAdvice: "Pääoma on maksettu mutta korko tai kulut eivät: niistä yksin ei koskaan muistuteta. "
            + "Jätä ne perimättä tai kysy asiakkaalta.",
        olderUnpaidCharges: { count, sums, days in
            "Lisäksi \(count) \(count == 1 ? "lasku, jonka" : "laskua, joiden") viimeinen maksu tuli yli "
                + "\(days) päivää sitten: maksamatonta korkoa ja kuluja yhteensä \(sums). Niitä ei luetella tässä; "
                + "saatava ledger invoices --status charges luettelee ne kaikki."
        },
        invoice: "Lasku",
        unpaidCharges: "Maksamaton korko ja kulut",
        noStepToday: "Tänään ei muistutuksia eikä siirtoja perintään.",
        noCreditor: "Muistutuksia ei lähetetä: asetuksissa ei ole velkojaa (creditor), jonka nimissä ne "
            + "lähetettäisiin",
        interestCutShort: { through in
            "Viivästyskorkoa on vaadittu vain \(through) asti: viitekorkotaulukossa ei ole myöhempää "
                + "puolivuotiskautta, joten muistutukset vaativat vähemmän korkoa kuin laki sallii. Lisää kunkin "
                + "uuden puolivuotiskauden viitekorko asetusten kohtaan referenceRates, kun Suomen Pankki julkaisee "
                + "sen."
        },
        step: "Vaihe",
        fee: "Muistutusmaksu",
        compensation: "Vakiokorvaus",
        interest: "Viivästyskorko",
        payBy: "Eräpäivä",
        feeRule: "Peruste maksulle",
        stepText: { step, channel, dunningClass in
            switch channel {
            case .letter?: return "\(step). muistutus (kirje), luokka \(dunningClass)"
            case .finvoice?: return "\(step). muistutus (verkkolasku), luokka \(dunningClass)"
            case nil: return "\(step). vaihe: perintään, luokka \(dunningClass)"
            }
        },
        waitingIntro: "Erääntyneet laskut, joilla ei ole vaihetta tänään: ",
        feeRuleWords: finnishFeeRule,
        waitingReason: { code in
            switch code {
            case "not_yet_due": "seuraava vaihe ei vielä ole vuorossa"
            case "in_collection": "perinnässä"
            case "disputed": "riitautettu"
            case "on_plan": "maksusuunnitelma"
            case "on_hold": "pidossa"
            case "payment_waiting": "maksu odottaa kohdistusta"
            case "below_minimum": "avoin summa alle luokan vähimmäismäärän"
            case "ladder_done": "kaikki vaiheet käyty"
            case "no_class": "ei perintäluokkaa"
            case "other_seller": "toisen myyjän lasku"
            case "input_quarantined": "karanteenissa on tiedosto, joka voi maksaa, hyvittää tai pidättää laskun: "
                + "korjaa se ja palauta inbox-kansioon, tai poista se"
            default: code
            }
        },
        deliveryWaitingHeading: "Odottaa toimitusta",
        deliveryWaitingAdvice: "Ei vielä lähetetty: seuraava ajo tai <code>saatava deliver</code> yrittää uudelleen. "
            + "Jos vastaanottaja torjuu yhteyden (palvelinavain, kirjautuminen), sen asetukset on korjattava.",
        deliveredHeading: "Toimitetut",
        deliveredAdvice: "Tämä ajo lähetti nämä; kunkin kuittaus on komennon <code>saatava ledger deliveries</code> "
            + "tulosteessa.",
        warningsHeading: "Varoitukset",
        warningsAdvice: "Tiedostot kirjattiin; tarkista nämä kohdat niistä lähettäjän kanssa.",
        quarantinedHeading: "Hylätyt tiedostot",
        none: "Ei yhtään.",
        file: "Tiedosto",
        why: "Syy",
        quarantinedAdvice: "Korjaa tai korvaa tiedosto ja pudota se uudelleen kansioon inbox/: siitä ei kirjattu mitään.")

    static let swedish = ReportTexts(
        language: .sv,
        title: { "Kundfordringar \($0)" },
        bookedOn: { "Bokförda betalningar \($0)" },
        toDecideFigure: "Betalningar att besluta om: ej avprickat",
        openFigure: "Öppna fakturor",
        quarantinedFigure: "Avvisade filer (i karantän)",
        toDecideHeading: "Betalningar att besluta om",
        olderHeading: { "Betalningar att besluta om, bokförda för över \($0) dagar sedan" },
        olderAdvice: "De listas inte ovan eller i unmatched-payments.csv, så att sidan håller sig till dagens storlek. Hela "
            + "listan: <code>saatava ledger payments --status unmatched --format csv</code>; besluta om dem med samma "
            + "kolumner eller med <code>saatava resolve</code>.",
        reason: "Orsak", age: "Bokförd", count: "Betalningar",
        ageBand: { from, through in through.map { "för \(from)–\($0) d sedan" } ?? "för över \(from - 1) d sedan" },
        nothingToDecide: "Alla betalningar är avprickade. Inget att besluta om i dag.",
        howToDecide: "Grupperna står i ordning efter belopp, den största först; inom en grupp först betalningar med "
            + "förslag, sedan de största. Kontrollera förslagets betalare och belopp innan du prickar av. Besluta med "
            + "<code>saatava resolve</code>, eller fyll i kolumnerna <code>action</code> (assign = pricka av mot "
            + "faktura, refund = återbetala, ignore = lämna utan åtgärd) och <code>invoiceNumber</code> i "
            + "unmatched-payments.csv och lägg filen i inbox/decisions/: nästa körning tillämpar den.",
        group: { reason, count, sums in "\(reason): \(count) \(count == 1 ? "betalning" : "betalningar"), \(sums)" },
        reasonTitle: { reason in
            switch reason {
            case .noReference: return "Ingen referens"
            case .invalidReference: return "Felaktig referens"
            case .unknownReference: return "Okänd referens"
            case .invoiceSettled: return "Fakturan redan betald"
            case .overpayment: return "Överbetalning"
            case .currency: return "Annan valuta"
            case .debit: return "Utgående betalning"
            case .reversalUnmatched: return "Återföring av okänd betalning"
            case .partialReversal: return "Delvis återförd betalning"
            case .ambiguous: return "Referens som passar flera fakturor"
            case .zeroAmount: return "Nollbetalning"
            case nil: return "Övriga"
            }
        },
        reasonAdvice: { reason in
            switch reason {
            case .noReference:
                return "Betalaren angav ingen referens. Sök fakturan utifrån meddelandet eller betalarens namn och "
                    + "pricka av betalningen mot den."
            case .invalidReference:
                return "Referensens kontrollsiffra stämmer inte: troligen ett skrivfel. Sök rätt faktura och pricka av "
                    + "betalningen mot den."
            case .unknownReference:
                return "Ingen faktura har (ännu) denna referens. Kommer fakturan senare, prickas betalningen av då; "
                    + "annars fråga betalaren."
            case .invoiceSettled:
                return "Fakturan var redan betald: troligen en dubbelbetalning. Besluta om återbetalning."
            case .overpayment:
                return "Fakturan är betald; överskottet står kvar till kundens godo. Återbetala det eller behåll det som "
                    + "tillgodohavande."
            case .currency:
                return "Betald i en annan valuta än fakturans. Kontrollera det mottagna beloppet och pricka av för hand."
            case .debit:
                return "Pengar som gått ut från kontot, ingen kundbetalning. Lämna den utan åtgärd här."
            case .reversalUnmatched:
                return "Banken återförde en betalning som saatava inte känner till. Kontrollera med banken, bokför "
                    + "återföringen för hand och lämna den sedan utan åtgärd här."
            case .partialReversal:
                return "Banken återförde en del av en betalning. saatava återför inte en betalning delvis: fakturan "
                    + "visas fortfarande som betald och påminns inte. Kontrollera med banken, bokför återföringen "
                    + "för hand och lämna den sedan utan åtgärd här."
            case .ambiguous:
                return "Flera öppna fakturor har denna referens och ingen av dem är på exakt detta belopp. Pricka av "
                    + "för hand."
            case .zeroAmount:
                return "En betalning på noll. Lämna den utan åtgärd, eller fråga banken vad den gällde."
            case nil:
                return "Kontrollera betalningen och besluta."
            }
        },
        booked: "Bokförd",
        payer: "Betalare",
        referenceOrMessage: "Referens / meddelande",
        amount: "Betalning",
        unapplied: "Ej avprickat",
        suggestion: "Förslag",
        suggestedInvoice: { "Faktura \($0)" },
        ruleName: { rule in
            switch rule {
            case .invoiceNumberInText: return "fakturanumret i meddelandet"
            case .referenceTypo: return "skrivfel i referensen"
            case .amountAndName: return "belopp och namn stämmer"
            default: return rule.rawValue
            }
        },
        confidence: { "säkerhet \($0)\(Language.noBreakSpace)%" },
        refusedHeading: "Avvisat i denna körning",
        refusedAdvice: "Inget av detta bokfördes eller tillämpades. En post som kommer på nytt med annat innehåll behåller "
            + "det som bokfördes först: fråga avsändaren vilket som är rätt. En beslutsfil tillämpas helt eller inte "
            + "alls: rätta den nämnda raden och lägg filen i inbox/decisions/ igen.",
        decidedHeading: "Beslut tillämpade i denna körning",
        decidedAdvice: "Så bokfördes dina beslutsfiler; deras verifikat finns i journal.csv.",
        paymentId: "Betalningens arkiveringskod",
        decision: "Beslut",
        decidedAmount: "Belopp",
        note: "Anteckning",
        decisionWords: { decision in
            switch decision {
            case .assign(let invoiceNumber): "kopplad till faktura \(invoiceNumber)"
            case .refund: "återbetalas till betalaren"
            case .ignore: "lämnad åt sidan: ingen fakturabetalning"
            }
        },
        refundsToPay: { sums in "Att återbetala sammanlagt \(sums): betala tillbaka till betalarna från banken." },
        creditsHeading: "Kunders tillgodohavanden",
        creditsAdvice: "Kreditnotor som krediterade mer än fakturan hade öppet. Återbetala kunden eller dra av "
            + "tillgodohavandet från kundens nästa faktura.",
        creditNote: "Kreditnota",
        customer: "Kund",
        credit: "Tillgodo",
        openHeading: "Öppna fakturor",
        openInvoices: { count, sums in
            "\(count) \(count == 1 ? "faktura" : "fakturor") med obetalt belopp, sammanlagt \(sums)."
        },
        openDatedLater: { count, sums in
            "Av dem \(count == 1 ? "är 1 daterad" : "är \(count) daterade") efter i dag (\(sums)): "
                + "\(count == 1 ? "den" : "de") ingår ännu inte i åldersfördelningen, DSO eller prognosen."
        },
        dunningHeading: "Påminnelser och indrivning",
        holdsEndedAdvice: "Spärrar som upphörde i dag: påminnelserna återupptas för de fakturor de gällde.",
        overtakenAdvice: "Skicka inte dessa dokument från en tidigare körning i dag: pengar har sedan dess placerats "
            + "på fakturan, eller en spärr gäller den. Ur en e-fakturasats eller en överföringsfil, lämna bort bara "
            + "dessa fakturor; de andra gäller fortfarande. Om något redan har skickats, kontakta kunden eller "
            + "inkassobyrån.",
        paidSince: { amount in "\(amount) betalt sedan dess" },
        unpaidChargesAdvice: "Kapitalet är betalt men inte räntan eller avgifterna: för dem ensamma skickas aldrig "
            + "påminnelse. Efterskänk dem eller fråga kunden.",
        olderUnpaidCharges: { count, sums, days in
            "Dessutom \(count) \(count == 1 ? "faktura" : "fakturor") vars senaste betalning kom för över "
                + "\(days) dagar sedan, sammanlagt \(sums) obetald ränta och avgifter; de listas inte här. "
                + "saatava ledger invoices --status charges listar dem alla."
        },
        invoice: "Faktura",
        unpaidCharges: "Obetald ränta och avgifter",
        noStepToday: "Inga påminnelser eller överföringar till indrivning i dag.",
        noCreditor: "Inga påminnelser skickas: inställningarna saknar en borgenär (creditor) i vars namn "
            + "påminnelserna skickas",
        interestCutShort: { through in
            "Dröjsmålsränta har krävts endast till och med \(through): referensräntetabellen saknar ett senare halvår, "
                + "så påminnelserna kräver mindre ränta än lagen tillåter. Lägg till varje nytt halvårs referensränta "
                + "i inställningen referenceRates när Finlands Bank publicerar den."
        },
        step: "Steg",
        fee: "Påminnelseavgift",
        compensation: "Standardersättning",
        interest: "Dröjsmålsränta",
        payBy: "Förfallodag",
        feeRule: "Grund för avgiften",
        stepText: { step, channel, dunningClass in
            switch channel {
            case .letter?: return "påminnelse \(step) (brev), klass \(dunningClass)"
            case .finvoice?: return "påminnelse \(step) (e-faktura), klass \(dunningClass)"
            case nil: return "steg \(step): till indrivning, klass \(dunningClass)"
            }
        },
        waitingIntro: "Förfallna fakturor utan steg i dag: ",
        feeRuleWords: swedishFeeRule,
        waitingReason: { code in
            switch code {
            case "not_yet_due": "nästa steg är inte i tur ännu"
            case "in_collection": "hos inkasso"
            case "disputed": "bestriden"
            case "on_plan": "betalningsplan"
            case "on_hold": "vilande"
            case "payment_waiting": "en betalning väntar på att placeras"
            case "below_minimum": "öppet belopp under klassens minimum"
            case "ladder_done": "alla steg tagna"
            case "no_class": "ingen indrivningsklass"
            case "other_seller": "faktura från en annan säljare"
            case "input_quarantined": "en fil i karantän kan betala, kreditera eller hålla inne fakturan: rätta den "
                + "och lägg tillbaka den i inbox, eller ta bort den"
            default: code
            }
        },
        deliveryWaitingHeading: "Väntar på leverans",
        deliveryWaitingAdvice: "Inte skickade ännu: nästa körning eller <code>saatava deliver</code> försöker igen. "
            + "Vägrar mottagaren förbindelsen (värdnyckel, inloggning) måste dess inställningar rättas.",
        deliveredHeading: "Levererade",
        deliveredAdvice: "Skickade av denna körning, var och en med kvitto i <code>saatava ledger deliveries</code>.",
        warningsHeading: "Varningar",
        warningsAdvice: "Filerna bokfördes; kontrollera dessa ställen i dem med avsändaren.",
        quarantinedHeading: "Avvisade filer",
        none: "Inga.",
        file: "Fil",
        why: "Orsak",
        quarantinedAdvice: "Rätta eller ersätt filen och lägg den i inbox/ igen: inget i den bokfördes.")

    static let english = ReportTexts(
        language: .en,
        title: { "Receivables on \($0)" },
        bookedOn: { "Payments booked on \($0)" },
        toDecideFigure: "Payments to decide on: money not applied",
        openFigure: "Invoices with money owed",
        quarantinedFigure: "Files refused (in quarantine)",
        toDecideHeading: "Payments to decide on",
        olderHeading: { "Payments to decide on, booked over \($0) days ago" },
        olderAdvice: "They are not listed above or in unmatched-payments.csv, so that the page keeps to the size of the "
            + "day. The whole list: <code>saatava ledger payments --status unmatched --format csv</code>; decide on them "
            + "with the same columns or with <code>saatava resolve</code>.",
        reason: "Reason", age: "Booked", count: "Payments",
        ageBand: { from, through in through.map { "\(from)–\($0) days ago" } ?? "over \(from - 1) days ago" },
        nothingToDecide: "Every payment is applied. Nothing to decide today.",
        howToDecide: "The groups with the largest sums come first; within a group, the payments with a suggestion, then "
            + "the largest. Check a suggestion's payer and amount before you assign. Decide with "
            + "<code>saatava resolve</code>, or fill in the columns <code>action</code> (assign, refund or ignore) and "
            + "<code>invoiceNumber</code> in unmatched-payments.csv and drop it in inbox/decisions/: the next run "
            + "applies it.",
        group: { reason, count, sums in "\(reason): \(count) payment\(count == 1 ? "" : "s"), \(sums)" },
        reasonTitle: { reason in
            switch reason {
            case .noReference: return "No reference"
            case .invalidReference: return "Invalid reference"
            case .unknownReference: return "Unknown reference"
            case .invoiceSettled: return "Invoice already paid"
            case .overpayment: return "Overpayment"
            case .currency: return "Another currency"
            case .debit: return "Outgoing money"
            case .reversalUnmatched: return "Reversal of an unknown payment"
            case .partialReversal: return "Part of a payment reversed"
            case .ambiguous: return "Reference of several invoices"
            case .zeroAmount: return "Zero amount"
            case nil: return "Other"
            }
        },
        reasonAdvice: { reason in
            switch reason {
            case .noReference:
                return "The payer gave no reference. Find the invoice from the message or the name, then assign it."
            case .invalidReference:
                return "The reference fails its check: probably a typing error. Find the right invoice, then assign it."
            case .unknownReference:
                return "No invoice has this reference (yet). If the invoice arrives later, the payment is matched then; "
                    + "otherwise ask the payer."
            case .invoiceSettled:
                return "The invoice was already paid: likely a duplicate payment. Decide on a refund."
            case .overpayment:
                return "The invoice is paid; the excess stays on the customer's account. Refund it or keep it as credit."
            case .currency:
                return "Paid in another currency than the invoice's. Check the amount received and assign by hand."
            case .debit:
                return "Money going out, not a customer payment. Ignore it here."
            case .reversalUnmatched:
                return "The bank reversed a payment saatava does not know. Check with the bank, book the reversal by "
                    + "hand, then ignore it here."
            case .partialReversal:
                return "The bank took back part of a payment. saatava does not undo a payment in part: the invoice "
                    + "still shows as paid and is not reminded. Check with the bank, book the reversal by hand, then "
                    + "ignore it here."
            case .ambiguous:
                return "Several open invoices share this reference and none owes exactly this amount. Assign it by hand."
            case .zeroAmount:
                return "A payment of nothing. Ignore it, or ask the bank what it was."
            case nil:
                return "Check the payment and decide."
            }
        },
        booked: "Booked",
        payer: "Payer",
        referenceOrMessage: "Reference / message",
        amount: "Amount",
        unapplied: "Not applied",
        suggestion: "Suggestion",
        suggestedInvoice: { "Invoice \($0)" },
        ruleName: { rule in
            switch rule {
            case .invoiceNumberInText: return "invoice number in the message"
            case .referenceTypo: return "typing error in the reference"
            case .amountAndName: return "amount and name match"
            default: return rule.rawValue
            }
        },
        confidence: { "\($0)% sure" },
        refusedHeading: "Refused in this run",
        refusedAdvice: "Nothing of these was booked or applied. A record received again with other content keeps what was "
            + "booked first: ask the sender which is right. A decisions file is applied as a whole or not at all: "
            + "correct the line named and drop the file in inbox/decisions/ again.",
        decidedHeading: "Decisions applied in this run",
        decidedAdvice: "How your decisions files were booked; their journal lines are in journal.csv.",
        paymentId: "Payment's archive ID",
        decision: "Decision",
        decidedAmount: "Amount",
        note: "Note",
        decisionWords: { decision in
            switch decision {
            case .assign(let invoiceNumber): "to invoice \(invoiceNumber)"
            case .refund: "refunded to the payer"
            case .ignore: "ignored: not an invoice payment"
            }
        },
        refundsToPay: { sums in "To refund, in all: \(sums). Pay the refunds back to the payers from the bank." },
        creditsHeading: "Customer credits",
        creditsAdvice: "Credit notes that credited more than their invoice still owed. Refund the customer or set the "
            + "credit against their next invoice.",
        creditNote: "Credit note",
        customer: "Customer",
        credit: "Credit",
        openHeading: "Open invoices",
        openInvoices: { count, sums in "\(count) invoice\(count == 1 ? "" : "s") with money owed, in all \(sums)." },
        openDatedLater: { count, sums in
            "Of them, \(count) \(count == 1 ? "is" : "are") dated after today (\(sums)): not in ageing, DSO or the "
                + "forecast yet."
        },
        dunningHeading: "Reminders and collection",
        holdsEndedAdvice: "Holds ended today: the reminders resume for what they covered.",
        overtakenAdvice: "Do not send these documents of an earlier run today: money has since been placed on the "
            + "invoice, or a hold covers it. From a Finvoice batch or a transfer file, leave out only these invoices; "
            + "the others still hold. If one has gone out already, contact the customer or the agency.",
        paidSince: { amount in "\(amount) paid since" },
        unpaidChargesAdvice: "Principal paid, interest or fees not: never reminded for alone. Waive them, or ask the "
            + "customer.",
        olderUnpaidCharges: { count, sums, days in
            "Besides, \(count) invoice\(count == 1 ? "" : "s") whose last payment came over \(days) days ago, "
                + "with \(sums) of interest and fees unpaid in all; not listed here. saatava ledger invoices --status charges lists "
                + "them all."
        },
        invoice: "Invoice",
        unpaidCharges: "Unpaid interest and fees",
        noStepToday: "No reminder or transfer today.",
        noCreditor: "No reminders are issued: the config has no creditor in whose name to ask",
        interestCutShort: { through in
            "Penalty interest was claimed only through \(through): the reference-rate table has no later half-year, "
                + "so the reminders claim less interest than the law allows. Add each new half-year's reference rate "
                + "to referenceRates in the config when the Bank of Finland publishes it."
        },
        step: "Step",
        fee: "Fee",
        compensation: "Compensation",
        interest: "Interest",
        payBy: "Pay by",
        feeRule: "Why the fee is what it is",
        stepText: { step, channel, dunningClass in
            switch channel {
            case .letter?: return "\(step): reminder (letter), \(dunningClass)"
            case .finvoice?: return "\(step): reminder (e-invoice), \(dunningClass)"
            case nil: return "\(step): to collection, \(dunningClass)"
            }
        },
        waitingIntro: "Overdue invoices with no step today: ",
        feeRuleWords: englishFeeRule,
        waitingReason: { code in
            switch code {
            case "not_yet_due": "next step not yet due"
            case "in_collection": "in collection"
            case "disputed": "disputed"
            case "on_plan": "payment plan"
            case "on_hold": "on hold"
            case "payment_waiting": "a payment waits to be placed"
            case "below_minimum": "open amount below the class's minimum"
            case "ladder_done": "every step taken"
            case "no_class": "no class"
            case "other_seller": "another seller's invoice"
            case "input_quarantined": "a file in quarantine may pay, credit or hold it: mend it and put it back in "
                + "inbox/, or remove it"
            default: code
            }
        },
        deliveryWaitingHeading: "Waiting to be delivered",
        deliveryWaitingAdvice: "Not sent yet: the next run or <code>saatava deliver</code> tries again; a destination "
            + "that refuses (host key, login) needs its configuration corrected.",
        deliveredHeading: "Delivered",
        deliveredAdvice: "Uploaded by this run, each with its receipt in <code>saatava ledger deliveries</code>.",
        warningsHeading: "Warnings",
        warningsAdvice: "The files were booked; check these places in them with the sender.",
        quarantinedHeading: "Files refused",
        none: "None.",
        file: "File",
        why: "Why",
        quarantinedAdvice: "Fix or replace the file and drop it in the inbox again: nothing in it was booked.")
}

// The fee rules in words, one function per language (a rule offset by the compensation names the rule it offsets).
private func finnishFeeRule(_ rule: FeeRule) -> String {
    switch rule {
    case .noneAsked: "perintäluokan vaihe ei pyydä maksua"
    case .withinInterval(let section, let days, let previous):
        "\(section): ei maksua \(days) päivän kuluessa edellisestä muistutuksesta (\(previous.dayMonthYear))"
    case .sentTooLate(let section, let days): "\(section): lasku lähetettiin alle \(days) päivää ennen eräpäivää"
    case .tooSoonAfterDue(let section, let days): "\(section): eräpäivästä on alle \(days) päivää"
    case .capped(let section, let cap): "\(section): enintään \(Language.fi.money(cap, .euro))"
    case .totalCapped(let section, let total, let allowed):
        "\(section): perintäkulut enintään \(Language.fi.money(total, .euro)); sallittu \(Language.fi.money(allowed, .euro))"
    case .offsetByCompensation(let rule, let section, let compensation):
        "\(finnishFeeRule(rule)); \(section): \(Language.fi.money(compensation, .euro)) vakiokorvaus "
            + "kattaa muistutusmaksut"
    }
}

private func swedishFeeRule(_ rule: FeeRule) -> String {
    switch rule {
    case .noneAsked: "indrivningsklassens steg begär ingen avgift"
    case .withinInterval(let section, let days, let previous):
        "\(section): ingen avgift inom \(days) dagar från föregående påminnelse (\(previous.dayMonthYear))"
    case .sentTooLate(let section, let days): "\(section): fakturan skickades mindre än \(days) dagar före förfallodagen"
    case .tooSoonAfterDue(let section, let days): "\(section): mindre än \(days) dagar sedan förfallodagen"
    case .capped(let section, let cap): "\(section): högst \(Language.sv.money(cap, .euro))"
    case .totalCapped(let section, let total, let allowed):
        "\(section): indrivningskostnaderna högst \(Language.sv.money(total, .euro)); tillåtet \(Language.sv.money(allowed, .euro))"
    case .offsetByCompensation(let rule, let section, let compensation):
        "\(swedishFeeRule(rule)); \(section): standardersättningen på \(Language.sv.money(compensation, .euro)) "
            + "täcker avgifterna"
    }
}

private func englishFeeRule(_ rule: FeeRule) -> String {
    switch rule {
    case .capped(let section, let cap): "\(section): at most \(Language.en.money(cap, .euro))"
    case .totalCapped(let section, let total, let allowed):
        "\(section): the claim's collection costs are capped at \(Language.en.money(total, .euro)); "
            + "\(Language.en.money(allowed, .euro)) allowed"
    case .offsetByCompensation(let rule, let section, let compensation):
        "\(englishFeeRule(rule)); \(section): the \(Language.en.money(compensation, .euro)) standard "
            + "compensation offsets the fees"
    default: rule.description
    }
}
