import Testing

@testable import PointsEngine

@Suite("Programme validation names the field")
struct ValidationTests {
    func issues(_ change: (inout Programme) -> Void) -> ProgrammeValidationError? {
        do {
            try Fixture.programme(change).validate()
            return nil
        } catch {
            return error
        }
    }

    @Test("the demo programme is valid")
    func demoIsValid() throws {
        try Programme.demo.validate()
    }

    @Test("overlapping spend bands")
    func overlap() throws {
        let error = try #require(issues { $0.earning.bands[1].from = 150_000 })
        #expect(error.names("earning.bands[1].from"))
        #expect(error.description.contains("overlaps band 0"))
    }

    @Test("a gap between spend bands")
    func gap() throws {
        let error = try #require(issues { $0.earning.bands[1].from = 250_000 })
        #expect(error.names("earning.bands[1].from"))
        #expect(error.description.contains("gap"))
    }

    @Test("an open band that is not the last")
    func openBand() throws {
        #expect(try #require(issues { $0.earning.bands[0].to = nil }).names("earning.bands[0].to"))
    }

    @Test("tier thresholds out of order")
    func tierOrder() throws {
        let error = try #require(issues { $0.tiers.levels[2].threshold = 1_000_000 })
        #expect(error.names("tiers.levels[2].threshold"))
        #expect(error.description.contains("out of order"))
    }

    @Test("first tier must start at zero; ids are unique")
    func tierBasics() throws {
        #expect(try #require(issues { $0.tiers.levels[0].threshold = 1 }).names("tiers.levels[0].threshold"))
        #expect(try #require(issues { $0.tiers.levels[1].id = "member" }).names("tiers.levels[1].id"))
    }

    @Test("a rate that overflows")
    func rateOverflow() throws {
        let error = try #require(
            issues {
                $0.maximumBill = 1_000_000_000_000_000
                $0.earning.bands[2].points = 1_000_000_000
                $0.earning.bands[2].per = 1
            })
        #expect(error.names("earning.bands[2].points"))
        #expect(error.description.contains("overflows"))
    }

    @Test("an unknown currency")
    func currency() throws {
        let error = try #require(issues { $0.currency = "ABC" })
        #expect(error.names("currency"))
        #expect(error.description.contains("unknown currency \"ABC\""))
    }

    @Test("a credit step that costs a fraction of a point")
    func redemptionStep() throws {
        #expect(try #require(issues { $0.redemption?.wholeUnit = 150 }).names("redemption.wholeUnit"))
    }

    /// Breaks one field of the demo programme.
    static func breakField(_ field: String, _ p: inout Programme) {
        switch field {
        case "format": p.format = 2
        case "utcOffsetMinutes": p.utcOffsetMinutes = 900
        case "maximumBill": p.maximumBill = 0
        case "tiers.windowMonths": p.tiers.windowMonths = 25
        case "tiers.levels[1].multiplierPercent": p.tiers.levels[1].multiplierPercent = 50
        case "tiers.levels[2].discountPercent": p.tiers.levels[2].discountPercent = 101
        case "birthday.daysAfter": p.birthday?.daysAfter = 40
        case "birthday":
            p.birthday?.points = 0
            p.birthday?.discountPercent = 0
        case "winBack.afterDays": p.winBack?.afterDays = 0
        case "events[1].kind": p.events[1].kind = "newsletter"
        case "events[0].kind": p.events[0].kind = "referral"
        case "redemption.maximumBillPercent": p.redemption?.maximumBillPercent = 120
        case "expiry.months": p.expiry = ExpiryPolicy(months: 48)
        case "offline.uidOnly.maxPointsPerDay": p.offline.uidOnly.maxPointsPerDay = -1
        case "earning.bands[0].per": p.earning.bands[0].per = 0
        case "programmeId": p.programmeId = ""
        default: Issue.record("no way to break \(field)")
        }
    }

    @Test(
        "out-of-range fields each name themselves",
        arguments: [
            "format", "utcOffsetMinutes", "maximumBill", "tiers.windowMonths", "tiers.levels[1].multiplierPercent",
            "tiers.levels[2].discountPercent", "birthday.daysAfter", "birthday", "winBack.afterDays", "events[1].kind",
            "events[0].kind", "redemption.maximumBillPercent", "expiry.months", "offline.uidOnly.maxPointsPerDay",
            "earning.bands[0].per", "programmeId",
        ])
    func fieldNamed(field: String) throws {
        let error = try #require(issues { Self.breakField(field, &$0) })
        #expect(error.names(field), "\(error)")
    }

    @Test("all problems are reported at once")
    func collectsAll() throws {
        let error = try #require(
            issues {
                $0.currency = "ABC"
                $0.tiers.levels[3].threshold = 0
                $0.earning.bands[1].from = 100_000
            })
        #expect(error.issues.count >= 3)
    }

    @Test("the engine refuses an invalid programme")
    func engineRefuses() {
        #expect(throws: ProgrammeValidationError.self) { try Fixture.engine { $0.currency = "ABC" } }
    }

    @Test("decoding errors name the JSON path")
    func decodingPath() throws {
        var text = Programme.demoDocument
        text = text.replacing("\"per\": 20000", with: "\"per\": \"lots\"")
        do {
            _ = try Programme.decode(Array(text.utf8))
            Issue.record("decoded a malformed programme")
        } catch {
            guard case .malformed(let field, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(field == "earning.bands[1].per")
        }
        let missing = Programme.demoDocument.replacing("\"currency\": \"VND\",", with: "")
        #expect(throws: ProgrammeLoadError.malformed(field: "currency", problem: "missing")) {
            try Programme.decode(Array(missing.utf8))
        }
    }
}
