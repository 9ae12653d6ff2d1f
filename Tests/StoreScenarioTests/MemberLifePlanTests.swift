import Foundation
import Testing

@testable import StoreSimulation

/// Member life is planned from a random stream of its own: a scenario without it plans as
/// before, and with it the same members come to the same tills and the faults stay where they were.
@Suite("Member life plan")
struct MemberLifePlanTests {
    func scenario(_ memberLife: String?) throws -> Scenario {
        let life = memberLife.map { #","memberLife":\#($0)"# } ?? ""
        return try JSONDecoder().decode(
            Scenario.self,
            from: Data(
                #"{"name":"plan","seed":7,"terminals":3,"members":50,"transactions":600,"faults":[{"kind":"copied-card","at":0.5},{"kind":"blocked-card"},{"kind":"power-cut","terminal":1,"at":0.2}]\#(life)}"#
                    .utf8))
    }

    func fingerprint(_ plan: ScenarioPlan) -> [String] {
        plan.requests.map { "\($0.terminal) \($0.member) \($0.name) \($0.pullAtCommand ?? 0)" }
            + plan.faults.map { "\($0.fault.kind) \($0.afterRequests) \($0.member)" }
    }

    @Test("member life with nothing in it plans exactly what no member life plans")
    func emptyMemberLife() throws {
        let plain = ScenarioPlan(try scenario(nil))
        #expect(fingerprint(ScenarioPlan(try scenario(#"{}"#))) == fingerprint(plain))
        #expect(fingerprint(ScenarioPlan(try scenario(#"{"cardless":0,"events":[]}"#))) == fingerprint(plain))
        #expect(plain.events.isEmpty && !plain.requests.contains(where: \.cardless))
    }

    @Test("sales without the card and replacements leave the members, their tills' draws and the faults as they were")
    func memberLifeOwnStream() throws {
        let plain = ScenarioPlan(try scenario(nil))
        let life = ScenarioPlan(
            try scenario(
                #"{"cardless":0.3,"events":[{"kind":"card-replacement","at":0.4,"oldCardTap":1},{"kind":"card-replacement"},{"kind":"card-replacement"}]}"#
            ))
        #expect(life.requests.map(\.member) == plain.requests.map(\.member))
        #expect(
            life.faults.map { "\($0.fault.kind) \($0.afterRequests) \($0.member)" }
                == plain.faults.map { "\($0.fault.kind) \($0.afterRequests) \($0.member)" })
        let cardless = life.requests.filter(\.cardless)
        #expect(cardless.count > 50, "a share of 0.3 of the sales: \(cardless.count)")
        var tapped: Set<Int> = []
        var cardlessSales: Set<String> = []
        for request in life.requests {
            if request.cardless {
                guard case .sale(let id, _, _) = request.kind else {
                    Issue.record("\(request.name) is not a sale")
                    continue
                }
                #expect(tapped.contains(request.member), "\(request.name): the member never tapped before")
                #expect(request.pullAtCommand == nil)
                cardlessSales.insert(id)
            } else {
                tapped.insert(request.member)
            }
            if case .refund(_, let saleId, _) = request.kind { #expect(!cardlessSales.contains(saleId), "a refund is a tap") }
        }
        // Each event has a member of its own, none a card fault hits.
        let cardFaults = Set(life.faults.filter { [.copiedCard, .blockedCard].contains($0.fault.kind) }.map(\.member))
        #expect(life.events.count == 3 && Set(life.events.map(\.member)).count == 3)
        #expect(cardFaults.isDisjoint(with: life.events.map(\.member)))
        #expect(life.events.allSatisfy { (0.1...0.85).contains($0.event.at ?? -1) })
        #expect(life.events.map(\.afterRequests) == life.events.map(\.afterRequests).sorted())
        #expect(life.events.contains { $0.afterRequests == 240 && $0.event.oldCardTap == 1 })
        let again = ScenarioPlan(try scenario(#"{"cardless":0.3,"events":[{"kind":"card-replacement"},{"kind":"card-replacement"}]}"#))
        let twice = ScenarioPlan(try scenario(#"{"cardless":0.3,"events":[{"kind":"card-replacement"},{"kind":"card-replacement"}]}"#))
        #expect(again.events.map(\.member) == twice.events.map(\.member) && fingerprint(again) == fingerprint(twice))
    }

    @Test("member life with mistakes is refused, each named")
    func badMemberLife() throws {
        var bad = try scenario(
            #"{"cardless":1.5,"events":[{"kind":"card-replacement","at":2,"oldCardTap":3,"newCardTap":-1}]}"#)
        let problems = bad.problems.joined(separator: "\n")
        for problem in ["cardless must be 0 ... 1", "at must be 0 ... 1", "oldCardTap terminal 3", "newCardTap terminal -1"] {
            #expect(problems.contains(problem), "\(problem) not named in: \(problems)")
        }
        bad.memberLife = MemberLife()
        bad.shopTime = ShopTime()
        #expect(bad.problems.contains { $0.contains("memberLife is not played over shopTime") })
    }
}
