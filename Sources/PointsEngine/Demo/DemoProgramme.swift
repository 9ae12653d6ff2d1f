// The demo programme, embedded so the terminal demo runs with no files.
// Its bytes must equal docs/examples/programme.json exactly (a test checks),
// because the signature below is over those bytes.

extension Programme {
    /// The demo programme's JSON document, byte for byte `docs/examples/programme.json`.
    public static let demoDocument: String = """
        {
          "format": 1,
          "programmeId": "saigon-coffee-friends",
          "version": 1,
          "name": "Saigon Coffee Friends",
          "currency": "VND",
          "utcOffsetMinutes": 420,
          "maximumBill": 100000000,
          "earning": {
            "minimumBill": 20000,
            "excludedKinds": ["tax", "delivery", "tip"],
            "pointsPerVisit": 2,
            "bands": [
              { "from": 0, "to": 200000, "points": 1, "per": 10000 },
              { "from": 200000, "to": 1000000, "points": 3, "per": 20000 },
              { "from": 1000000, "points": 2, "per": 10000 }
            ]
          },
          "tiers": {
            "windowMonths": 12,
            "reviewMonths": 12,
            "levels": [
              { "id": "member", "name": "Member", "threshold": 0, "multiplierPercent": 100, "discountPercent": 0 },
              { "id": "silver", "name": "Silver", "threshold": 2000000, "multiplierPercent": 125, "discountPercent": 0 },
              { "id": "gold", "name": "Gold", "threshold": 5000000, "multiplierPercent": 150, "discountPercent": 5,
                "monthlyGift": "Free iced coffee" },
              { "id": "platinum", "name": "Platinum", "threshold": 15000000, "multiplierPercent": 200, "discountPercent": 10,
                "monthlyGift": "Free coffee and cake" }
            ]
          },
          "birthday": { "daysBefore": 3, "daysAfter": 7, "points": 50, "discountPercent": 20 },
          "referral": { "referrerPoints": 100, "refereePoints": 20 },
          "winBack": { "afterDays": 60, "points": 30 },
          "events": [
            { "kind": "newsletter", "name": "Newsletter sign-up", "points": 20, "oncePerMember": true },
            { "kind": "review", "name": "Thank you for your review", "points": 10, "oncePerMember": false },
            { "kind": "share", "name": "Thank you for sharing", "points": 5, "oncePerMember": false }
          ],
          "redemption": { "points": 1, "amount": 100, "minimumPoints": 50, "maximumBillPercent": 50, "wholeUnit": 1000 },
          "refunds": { "negativeBalance": "carryDebt" },
          "expiry": { "months": 12 },
          "offline": {
            "memberCard": { "maxPointsPerTransaction": 500, "maxPointsPerDay": 1000, "maxConsecutiveRedemptions": 3,
                            "maxSecondsSinceSync": 259200 },
            "uidOnly": { "maxPointsPerTransaction": 0, "maxPointsPerDay": 0, "maxConsecutiveRedemptions": 0,
                         "maxSecondsSinceSync": 0 }
          }
        }

        """

    /// The demo programme: a Saigon coffee shop, in VND, with every rule in use.
    /// Verified against ``TrustedKeys/demo`` like any delivered programme.
    public static let demo: Programme = {
        do {
            return try SignedProgramme.demo.verify(trustedKeys: .demo)
        } catch {
            preconditionFailure("the embedded demo programme does not verify: \(error)")
        }
    }()
}

extension SignedProgramme {
    /// The demo programme signed with the TEST key `demo-test-key-1`
    /// (`docs/examples/programme.signed.json`).
    public static let demo = SignedProgramme(
        keyId: "demo-test-key-1",
        programme: Array(Programme.demoDocument.utf8),
        signature: base64Decoded("SAruJCiCZHmaXlZoCF95ZXx0bWD1WqdeEJugad7nX8y+f5jfgrSjrURMc2sibTE5tnekoN1prviRUPdFGdtXsQ=="))
}

extension TrustedKeys {
    /// TEST KEY ONLY: the public half of `docs/examples/test-keys/TEST-ONLY-demo-programme-key.txt`,
    /// whose private half is public. Trust it only in the demo and in tests, never in a shop.
    public static let demo: TrustedKeys = {
        do {
            return try TrustedKeys(hex: [
                "demo-test-key-1":
                    "044c65efec8361161a6f05877263d2da66aa7b6aea342ff090e08d3184284a61b2adcbd23d50e8f7e1cd145b585eb977e2eb46a7fb12a13b741695faf6db257400"
            ])
        } catch {
            preconditionFailure("the demo test key is malformed")
        }
    }()
}
