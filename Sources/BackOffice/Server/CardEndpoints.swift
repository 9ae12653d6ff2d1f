import BackOfficeStorage
import Foundation
import Hummingbird
import SyncProtocol

/// What the card endpoints ask of the back office: the same acts as `loyalty-backoffice card
/// lost|replace`, each a new signed document version (the server needs the document key).
public protocol CardOperations: Sendable {
    /// Blocks the card; answers what was published. `actor` (a user's name) is recorded in the
    /// audit log.
    func reportLost(card: String, actor: String) async throws -> String
    /// Blocks `lost` and publishes the replacement notice of `newCard`; answers what was published.
    func replace(lost: String, with newCard: String, actor: String) async throws -> String
}

/// `POST /v1/cards/{card}/lost` and `POST /v1/cards/{card}/replacement` (`{"newCard": KEYID}`):
/// back-office staff (`admin`) report a card lost and issue its replacement, as the command line
/// does. 503 `no-document-key` when the server was started without one; 422 `card-refused`
/// with the reason when the act cannot be done (a card already replaced, unknown to the ledger...).
struct CardEndpoints: Sendable {
    let operations: (any CardOperations)?
    let users: UserAuthenticator

    struct Answer: Encodable {
        var card: String
        var outcome: String
    }

    struct ReplacementBody: Decodable {
        var newCard: String
    }

    func register(on router: Router<BackOfficeRequestContext>) {
        router.post("/v1/cards/:card/lost") { request, context in
            let user = try await users.authorize(request, needs: .admin)
            let (card, operations) = try ready(context)
            return try await act(card) { try await operations.reportLost(card: card, actor: user.name) }
        }
        router.post("/v1/cards/:card/replacement") { request, context in
            let user = try await users.authorize(request, needs: .admin)
            let (card, operations) = try ready(context)
            let body = try await request.body.collect(upTo: 4096)
            guard let asked = try? JSONDecoder().decode(ReplacementBody.self, from: Data(body.readableBytesView)),
                let newCard = CardKeyID.normalised(asked.newCard)
            else {
                throw BackOfficeProblem.badRequest("the body must be {\"newCard\": a card key id of 16 hex digits}")
            }
            return try await act(card) { try await operations.replace(lost: card, with: newCard, actor: user.name) }
        }
    }

    private func ready(_ context: BackOfficeRequestContext) throws -> (String, any CardOperations) {
        guard let card = context.parameters.get("card").flatMap(CardKeyID.normalised) else {
            throw BackOfficeProblem.badRequest("the card must be a card key id of 16 hex digits")
        }
        guard let operations else {
            throw BackOfficeProblem(
                status: .serviceUnavailable, code: "no-document-key",
                reason: "this server signs no documents: start it with --document-key, or use 'loyalty-backoffice card'")
        }
        return (card, operations)
    }

    private func act(_ card: String, _ body: () async throws -> String) async throws -> Response {
        do {
            return try JSONBody.response(Answer(card: card, outcome: try await body()))
        } catch let problem as BackOfficeProblem {
            throw problem
        } catch {
            throw BackOfficeProblem(status: .unprocessableContent, code: "card-refused", reason: "\(error)")
        }
    }
}
