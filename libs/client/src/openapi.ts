/**
 * The gateway's HTTP API as TypeScript types, generated from openapi.json (the gateway's OpenAPI
 * document, written by `npm run openapi -w @parley/gateway`) by `npm run generate -w @parley/client`.
 * Do not edit: regenerate after changing a route.
 */

export interface paths {
    "/a2a/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The link’s A2A JSON-RPC endpoint: send a message (and stream its reply), read a task
         * @description A JSON-RPC 2.0 answer (`{jsonrpc, id, result | error}`), or for a streaming method an SSE stream of them (`data:` lines; an `error` event ends a stream that failed). A refusal of the link’s rules is a JSON-RPC error whose `data` is the platform’s error body (`code`, `message`, `details`, `request_id`).
         */
        post: operations["postA2aByToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/a2a/{token}/.well-known/agent-card.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The link’s A2A agent card: its name, what it does (skills), its JSON-RPC endpoint; in 0.3’s shape unless `A2A-Version` asks for 1.0 */
        get: operations["getA2aByTokenWellKnownAgentCardJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the tenant's agents */
        get: operations["getAgents"];
        put?: never;
        /** Create an agent with its first config version */
        post: operations["postAgents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An agent: config of the active version and its versions */
        get: operations["getAgentsByName"];
        /** Change an agent's settings: `require_tests` makes publishing a version need a passed run of every test */
        put: operations["putAgentsByName"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/active-version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Publish a version and make it the one new sessions use */
        put: operations["putAgentsByNameActiveVersion"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same for an agent: all its links and its Text Chat API conversations together, and its tools’ calls (CSV likewise) */
        get: operations["getAgentsByNameAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/conversations/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An agent's transcripts as CSV, streamed: one row per message of its conversations started in [from, to) (at most 366 days; default the last 30), optionally of one link */
        get: operations["getAgentsByNameConversationsExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/knowledge-gaps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The visitors’ questions the agent’s knowledge had no passage for, newest first (docs/management-api.md "Knowledge gaps") */
        get: operations["getAgentsByNameKnowledgeGaps"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/playground/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a session to try an agent (the Text Chat API session answer) */
        post: operations["postAgentsByNamePlaygroundSessions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/playground/sessions/{session_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a message in a playground session; the answer shows the node, transitions and extracted variables */
        post: operations["postAgentsByNamePlaygroundSessionsBySessionIdMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/public-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An agent's public links (never their tokens), each with its usage: sessions, messages and last activity */
        get: operations["getAgentsByNamePublicLinks"];
        put?: never;
        /** Create a public link; its token and URL are shown once */
        post: operations["postAgentsByNamePublicLinks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/public-links/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change any setting of a link (`active: false` deactivates it, `passcode: null` removes it, `expires_at: null` never expires) */
        put: operations["putAgentsByNamePublicLinksById"];
        post?: never;
        /** Delete a link: 204 with no body; its URL answers 404 from then on */
        delete: operations["deleteAgentsByNamePublicLinksById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/public-links/{id}/identity-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make the link’s identity secret, or a new one (the old one stops verifying at once); shown only in this answer
         * @description Host sites sign their signed-in users with it: `user_hash` = hex HMAC-SHA256(secret, user_id), computed by their backend and handed to the widget with `user_id`. Sessions already bound to a user stay bound.
         */
        post: operations["postAgentsByNamePublicLinksByIdIdentitySecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/public-links/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new token and URL for the link, shown once (and sent, with `send`); the old URL stops working */
        post: operations["postAgentsByNamePublicLinksByIdRotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/public-links/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A link's sessions (conversations), newest first; `GET /api/conversations/{id}` has one whole */
        get: operations["getAgentsByNamePublicLinksByIdSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/public-links/{id}/sessions/{conversation_id}/end": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End one session of a link now (its visitor sees `session_ended`); an ended one is answered as it is */
        post: operations["postAgentsByNamePublicLinksByIdSessionsByConversationIdEnd"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/public-links/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** One link per recipient (at most 1,000), made all or nothing; each recipient’s name, email and variables start its sessions’ collected_data. With `send`, the URLs go out at once: failures are listed and retried */
        post: operations["postAgentsByNamePublicLinksBulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/test-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The agent's test runs, newest first, each with its outcome but not its turns (GET …/test-runs/{id}); `version` keeps one version's. Keyset pages: pass `next_cursor` as `cursor` for the next one (null on the last) */
        get: operations["getAgentsByNameTestRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/test-runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A test run: its status and each test’s turns with their failures */
        get: operations["getAgentsByNameTestRunsById"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/tests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The agent's test cases, oldest first */
        get: operations["getAgentsByNameTests"];
        put?: never;
        /** Add a test case: visitor messages and what the agent should do at each */
        post: operations["postAgentsByNameTests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/tests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One test case */
        get: operations["getAgentsByNameTestsById"];
        /** Replace a test case */
        put: operations["putAgentsByNameTestsById"];
        post?: never;
        /** Delete a test case */
        delete: operations["deleteAgentsByNameTestsById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/tests/from-conversation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a test made of one of the agent's conversations: its visitor messages, expecting what happened then */
        post: operations["postAgentsByNameTestsFromConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Save a new config version, as a draft */
        post: operations["postAgentsByNameVersions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of an agent with its config, a draft included */
        get: operations["getAgentsByNameVersionsByVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/versions/{version}/test-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run every test of the agent on a version, a draft included; it runs in the background (GET …/test-runs/{id}) */
        post: operations["postAgentsByNameVersionsByVersionTestRuns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/agents/{name}/versions/{version}/tools": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an agent version can call: its http tools, and each MCP server's allowed tools as the server lists them now (a server that does not answer: its name and why) */
        get: operations["getAgentsByNameVersionsByVersionTools"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Management changes, newest first: who (actor), what (action, target), from where (ip), what changed (details, never a secret). `target` may be a visitor's email. `?format=csv` (or `Accept: text/csv`): every matching entry (not one page) as CSV, streamed */
        get: operations["getAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Walks the hash chain: `ok`, how many entries, and the first one that no longer holds if any was altered */
        get: operations["getAuditVerify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/canned-replies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant’s shared canned replies and the caller’s own (a member signed in), sorted by shortcut */
        get: operations["getCannedReplies"];
        put?: never;
        /** Create a canned reply: shared (editors and owners) or, with `personal: true`, the signed-in member’s own; a taken shortcut is 409 */
        post: operations["postCannedReplies"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/canned-replies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a canned reply’s shortcut or content; another member’s reply is 404, a shared one needs an editor */
        put: operations["putCannedRepliesById"];
        post?: never;
        /** Delete a canned reply: 204 with no body; another member’s reply is 404, a shared one needs an editor */
        delete: operations["deleteCannedRepliesById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat-secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This tenant's live Text Chat API secrets, oldest first: never the secret itself */
        get: operations["getChatSecrets"];
        put?: never;
        /** Create a Text Chat API secret of this tenant (at most 5 live at once); the secret is shown once */
        post: operations["postChatSecrets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat-secrets/{secret_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a Text Chat API secret: every gateway refuses its signatures (401) within a second */
        delete: operations["deleteChatSecretsBySecretId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a session with an agent (active version unless `version` pins one) */
        post: operations["postChatSessions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Session status and collected data */
        get: operations["getChatSessionsBySessionId"];
        put?: never;
        post?: never;
        /** End a session */
        delete: operations["deleteChatSessionsBySessionId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/sessions/{session_id}/escalate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand the conversation to a person; the answer says its place in the queue */
        post: operations["postChatSessionsBySessionIdEscalate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/sessions/{session_id}/escalations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The session's escalations, newest first */
        get: operations["getChatSessionsBySessionIdEscalations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/sessions/{session_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a user message; the reply carries the whole transition chain
         * @description Its signature is accepted once (a replay answers 401 with `details.reason: "replayed"`), unless the request was answered with an error: then it may be sent again as it was. An error had no effect, except a 503 with `details.outcome: "unknown"`: the answer was lost and the turn may have run. An `Idempotency-Key` header makes retries safe: the first result is returned and the turn never runs twice.
         */
        post: operations["postChatSessionsBySessionIdMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat/users/{user_id}/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user’s sessions (created with `metadata.user_id`), newest first, a page at a time
         * @description Keyset pages: pass `next_cursor` as `cursor` for the next one (null on the last). The signature covers the request target as sent: the path and its query string.
         */
        get: operations["getChatUsersByUserIdConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's conversations, newest first, found by the words of their messages (`q`: full text, every word must occur; `"a phrase"`, `or`, `-word`), narrowed by `label`, `agent` (a name; another: 404) and `status`; pages of `limit` with `cursor`. Each with who the visitor is, a preview of their last message, your unread count, its labels, its latest escalation and (with `q`) words around the match. An operator finds only the conversations of escalations they may see */
        get: operations["getConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{conversation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A conversation of the tenant, whole: every message (user, assistant, operator, system, and `tool`: a call the agent made, with its result) with the visitor’s thumb, the workflow trace per turn, variables, escalations, the visitor’s score, the operators' labels and internal notes. Reading it marks it read for you: its unread count starts again. An operator reads only the conversations of escalations they may see (the tenant's queue, their teams', teams open to all operators, those assigned to or claimed by them); any other is 404 */
        get: operations["getConversationsByConversationId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{conversation_id}/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the conversation’s labels, all of them (`[]` removes every one): at most 10, each lower-case words of letters and digits joined by hyphens, at most 32 characters (given in capitals, kept lower-cased). An operator labels only the conversations they may read (any other: 404) */
        put: operations["putConversationsByConversationIdLabels"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{conversation_id}/trace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A conversation of the tenant, turn by turn (0: its start): the nodes each turn went through, its LLM calls (model, tokens as the LLM reported them, time, and `cost` in USD where `LLM_PRICES` prices the model), its tool calls and the passages its knowledge retrieved. Another tenant’s conversation is 404 */
        get: operations["getConversationsByConversationIdTrace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/conversations/{conversation_id}/uploads/{upload_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file a visitor uploaded in this conversation of the tenant, as a download (the type judged when it came; never shown inline). An operator: only of a conversation they may read (else 404) */
        get: operations["getConversationsByConversationIdUploadsByUploadId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Escalated conversations, at most 200: the open ones oldest first, then (`state=all`) the released and closed ones, most recently finished first; each with who the visitor is, a preview of their last message, how many of their messages you have not read (since you last read the conversation) and its labels. `state` waiting, assigned, claimed, open (all three; the default), mine (assigned to or claimed by you) or all; `agent` one agent of the tenant (another name: 404); `team` one team (`team_…`) or `none` (the tenant queue). An operator sees those of the tenant queue, of their teams and of teams open to all operators, and those assigned to or claimed by them; an editor or owner every one */
        get: operations["getInbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/{escalation_id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept the conversation assigned to you (anyone else: 409); not accepted within ASSIGNMENT_TIMEOUT_SECONDS, it moves to the next operator */
        post: operations["postInboxByEscalationIdAccept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/{escalation_id}/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Claim the conversation: only you may answer it from now on (another operator’s claim: 409) */
        post: operations["postInboxByEscalationIdClaim"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/{escalation_id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close the escalation and end the conversation */
        post: operations["postInboxByEscalationIdClose"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/{escalation_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Answer the visitor (only the operator who claimed it; else 409): they see it live, with your name. Markdown, as agents’ answers: links, lists, code, tables */
        post: operations["postInboxByEscalationIdMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/{escalation_id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add an internal note to the conversation, for the operators only: the visitor never sees it (not in their history, live events or transcripts). Any operator who may see the escalation, in any state; the inbox shows it live */
        post: operations["postInboxByEscalationIdNotes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/{escalation_id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand the conversation back to the agent: the workflow continues where it stopped */
        post: operations["postInboxByEscalationIdRelease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/{escalation_id}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand the conversation you have (assigned to or claimed by you) to a colleague (`to_member`: it is assigned to them, to accept) or to a team’s queue (`to_team`), with a note for them; the visitor sees who took over */
        post: operations["postInboxByEscalationIdTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/{escalation_id}/typing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Tell the visitor you are typing (only the operator who claimed it) */
        post: operations["postInboxByEscalationIdTyping"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's inbox, live (SSE): `escalation` (an inbox item, whenever one changes), `message` (in an escalated conversation), `status` (a visitor typing). Resumable with Last-Event-ID. While it is open, its operator counts as online. An operator's stream carries only the escalations they may see (as the list). */
        get: operations["getInboxEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inbox/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's operators (members who may answer): online (their inbox is open), away or offline, with the conversations assigned to or claimed by each and their teams */
        get: operations["getInboxPresence"];
        /** Your own status (a member signed in to the console): `away` keeps you out of assignment while your inbox stays open; `online` takes you back */
        put: operations["putInboxPresence"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This tenant's keys, revoked and expired ones too, oldest first: never the key itself */
        get: operations["getKeys"];
        put?: never;
        /** Create a key of this tenant with a role (never above your own) and an optional expiry; the key is shown once */
        post: operations["postKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a key: every gateway refuses it (401) within a second */
        delete: operations["deleteKeysByKeyId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/knowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This tenant's knowledge bases, with how many documents and chunks each holds */
        get: operations["getKnowledge"];
        put?: never;
        /** Create a knowledge base: `language` is the PostgreSQL text search configuration its search stems words with (default `simple`), `threshold` the score a passage needs to count as a match */
        post: operations["postKnowledge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/knowledge/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A knowledge base */
        get: operations["getKnowledgeById"];
        /** Rename a knowledge base, or change its language (its chunks are indexed again in it) or threshold */
        put: operations["putKnowledgeById"];
        post?: never;
        /** Delete a knowledge base with its documents: 204 with no body */
        delete: operations["deleteKnowledgeById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/knowledge/{id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A knowledge base's documents, each with its status (`processing`, `ready` or `failed`, with the `error`) and chunks */
        get: operations["getKnowledgeByIdDocuments"];
        put?: never;
        /**
         * Add a document: a file (multipart/form-data, one `file` part, and a `title` field if its name should not be the title), or JSON `{title, text}` or `{url, title?}`. 202: it is `processing` until read
         * @description A file is at most 20971520 bytes (413 past it) and is text, Markdown, HTML, PDF or DOCX, judged from its bytes and its name (415 otherwise). JSON text is at most 262144 characters. A URL is fetched once. A document with the same title (or URL) in the base replaces the earlier one. Poll the document until `status` is `ready` or `failed`.
         */
        post: operations["postKnowledgeByIdDocuments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/knowledge/{id}/documents/{doc}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A document of a knowledge base: poll it until its `status` is `ready` or `failed` */
        get: operations["getKnowledgeByIdDocumentsByDoc"];
        put?: never;
        post?: never;
        /** Delete a document with its chunks (and its file): 204 with no body */
        delete: operations["deleteKnowledgeByIdDocumentsByDoc"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/knowledge/{id}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search a knowledge base as a prompt node does: the passages for `q` at or above its threshold, best first (`limit` 1 to 20, default 5) */
        get: operations["getKnowledgeByIdSearch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/link-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The built-in templates (daily_checkin, customer_support, feedback) and the tenant’s own */
        get: operations["getLinkTemplates"];
        put?: never;
        /** Create a template of link settings (any setting but a passcode); a taken or built-in name is 409 */
        post: operations["postLinkTemplates"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/link-templates/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a template’s description or settings (links made from it keep theirs); built-in ones cannot be changed (409) */
        put: operations["putLinkTemplatesByName"];
        post?: never;
        /** Delete a template: 204 with no body; built-in ones cannot be deleted (409) */
        delete: operations["deleteLinkTemplatesByName"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/links/{id}/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A public link's sessions by outcome, messages by role, visitors, engagement, response times, countries, refusals, what its LLM calls cost and a time series; `?format=csv` (or `Accept: text/csv`): the series as CSV, streamed */
        get: operations["getLinksByIdAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is calling: the admin key, a tenant key or a signed-in member, with role and tenant */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This tenant's members, oldest first */
        get: operations["getMembers"];
        put?: never;
        /** Add a person to this tenant with a role (never above your own); they sign in to the console with SSO by this email */
        post: operations["postMembers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/members/{member_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a member's role (never above your own) or name; their console sessions see it at once */
        put: operations["putMembersByMemberId"];
        post?: never;
        /** Remove a member: their console sessions end on every gateway at once */
        delete: operations["deleteMembersByMemberId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public-links/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every sending of the link’s URL (email, Slack, Teams, SMS) with its outcome, newest first */
        get: operations["getPublicLinksByIdDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public-links/bulk-delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delete many links (at most 1,000 ids); their URLs answer 404 from then on */
        post: operations["postPublicLinksBulkDelete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public-links/bulk-update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The same changes to many links (at most 1,000 ids); ids that are not the tenant’s live links are listed in not_found */
        post: operations["postPublicLinksBulkUpdate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/agui/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the link’s agent as an AG-UI agent: the last user message is the turn, the reply streams as AG-UI events
         * @description An AG-UI event stream (`text/event-stream`, or AG-UI protobuf when `Accept` asks for it): RUN_STARTED (its `threadId` is the session credential to send as the next run’s `threadId`), TEXT_MESSAGE_START, TEXT_MESSAGE_CONTENT (the reply as it is written), TEXT_MESSAGE_END for each message the agent says, then RUN_FINISHED (`result`: the public chat reply’s fields), or RUN_ERROR with the platform’s error `code` and `message` (`metadata`: `request_id`, `details`) – every refusal of the link’s rules is one, answered 200.
         */
        post: operations["postPublicAguiByToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a message: without `session` a session starts (its credential comes back in `session`); with it, that session continues */
        post: operations["postPublicChatByToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}/escalate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for a person: the answer says the place in the queue; the agent is silent until an operator hands the conversation back */
        post: operations["postPublicChatByTokenEscalate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}/escalations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The conversation's escalations, newest first */
        get: operations["getPublicChatByTokenEscalations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}/messages/{message_id}/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Thumbs up or down on an agent’s or operator’s message of this conversation (a later one replaces it) */
        post: operations["postPublicChatByTokenMessagesByMessageIdFeedback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}/new": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a new conversation with this message (counts against the link’s max_sessions) */
        post: operations["postPublicChatByTokenNew"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}/offline-message": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Leave a message and an email while nobody can answer: the conversation opens in the inbox, and operators’ answers are mailed too */
        post: operations["postPublicChatByTokenOfflineMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Score this conversation from 1 to 5, while it runs or once it has ended (a later score replaces it) */
        post: operations["postPublicChatByTokenRating"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reopen one of the visitor’s earlier conversations: a new session credential for it, its history and chat go on
         * @description Answers a credential for the conversation (the ones it had keep working, so another device goes on with it too); `GET /api/public/history` shows its messages and chatting continues where its workflow stopped. Follow its live events after `last_event_id`. An abandoned conversation (idle past its timeout, or its link closed) becomes active again and continues under this link’s rules. Refused: not the visitor’s (or another agent’s) 404; completed, failed, or its messages removed by retention 410 (`details.reason`: `completed`, `error`, `purged`); an anonymous session 403 (`not_verified`).
         */
        post: operations["postPublicChatByTokenResume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Erase this conversation: its messages go, its credential stops working; only anonymous counts stay */
        delete: operations["deletePublicChatByTokenSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}/transcript": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Have the conversation’s transcript mailed to this address when it ends (at once, if it has ended)
         * @description Counted when asked, against TRANSCRIPT_MAILS_PER_IP_PER_10_MINUTES (per client address), TRANSCRIPT_MAILS_PER_RECIPIENT_PER_DAY (per email address mailed, unless it is the one the session verified), TRANSCRIPT_MAILS_PER_LINK_PER_HOUR and TRANSCRIPT_MAILS_PER_HOUR: past one, 429 `rate_limited` with Retry-After and `details.limit` `transcript_address`, `transcript_recipient`, `transcript_link` or `transcript_platform`.
         */
        post: operations["postPublicChatByTokenTranscript"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}/typing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The visitor is typing: the operator of an escalated conversation sees it (no effect otherwise) */
        post: operations["postPublicChatByTokenTyping"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/chat/{token}/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload one file (multipart/form-data, one part with a filename) into the session; a message then carries it in `attachments`. Its type is judged from its bytes */
        post: operations["postPublicChatByTokenUploads"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/conversations/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The visitor’s earlier conversations with this link’s agent, newest first (signed-in users and verified emails only)
         * @description Across the agent’s links; the session’s own conversation, conversations in which the visitor said nothing and ones whose messages retention removed are left out. `preview` is the visitor’s first message (100 characters).
         */
        get: operations["getPublicConversationsByToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/events/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A visitor's live events (SSE): reply deltas, messages, the agent's status, the session ending */
        get: operations["getPublicEventsByToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/history/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The session's messages, oldest first, with the visitor's own thumbs and score (what a reloaded page shows) */
        get: operations["getPublicHistoryByToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/links/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the chat page shows before the first message */
        get: operations["getPublicLinksByToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/links/{token}/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A proof-of-work challenge (ALTCHA format, valid 10 minutes): its solution goes with the request that starts a session on a link with `challenge: "pow"` */
        get: operations["getPublicLinksByTokenChallenge"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/sessions/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a session without a message: the agent says its opening lines (in the history and the live events), and the credential comes back at once, so a page can open the event stream before the first message and watch that reply stream in */
        post: operations["postPublicSessionsByToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/uploads/{upload_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file of this session, as a download (the type judged when it came; never shown inline) */
        get: operations["getPublicUploadsByUploadId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/verify/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a 6-digit code that verifies the visitor’s email for this link (valid 10 minutes) */
        post: operations["postPublicVerifyByToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/verify/{token}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm the mailed code: starts a session bound to the verified email */
        post: operations["postPublicVerifyByTokenConfirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/ws/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A visitor's WebSocket: the live events of the SSE stream, and messages (acknowledged with their stored id) and typing the other way
         * @description Upgrades to a WebSocket (send `Connection: Upgrade`, `Upgrade: websocket`; without them: 400 `upgrade_required` once the link and session are accepted). Server → client: `{"id", "event", "data"}` – the events of the SSE stream with the same ids (`reset` carries no id); `last_event_id` resumes after one without loss or duplicate. Client → server: `{"type": "message", "content", "client_id", "attachments"?, "context"?}` – sent like a public chat POST (same limits, quotas and escalation rules) – answered `{"type": "ack", "client_id", "message_id"}` (with `offer_person` and `budget_exhausted` as a chat reply has them) after the events the message caused, or `{"type": "error", "client_id", "error": {code, message, details?}}`; `{"type": "typing"}`. Pings every WS_PING_SECONDS (default 20); a client silent for WS_IDLE_SECONDS (default 30) is dropped. Close codes: 1000 after `session_ended`, 1001 when the gateway shuts down, 1013 when live events are unavailable; refusals before the upgrade are HTTP errors. A socket counts with the SSE streams under LIVE_STREAMS_PER_SESSION and LIVE_STREAMS_PER_ADDRESS: past either, 429 `rate_limited` before the upgrade (`details.limit` `streams_per_session` or `streams_per_address`).
         */
        get: operations["getPublicWsByToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's schedules with their next run */
        get: operations["getSchedules"];
        put?: never;
        /** Create a schedule (five-field cron, IANA time zone) that makes and sends links to its recipients at each slot */
        post: operations["postSchedules"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One schedule */
        get: operations["getSchedulesById"];
        /** Change a schedule; a new cron, time zone or `active` recomputes its next run */
        put: operations["putSchedulesById"];
        post?: never;
        /** Delete a schedule and its run history: 204 with no body (links it made stay) */
        delete: operations["deleteSchedulesById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules/{id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the schedule now, outside its cron (its next slot stays as it is) */
        post: operations["postSchedulesByIdRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/schedules/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The schedule’s runs, newest first: slot time, links made, deliveries sent, errors */
        get: operations["getSchedulesByIdRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This tenant's secrets for agents' tools, by name: names and dates, never a value */
        get: operations["getSecrets"];
        put?: never;
        /** Create a secret for agents' tools (`{{secrets.NAME}}`; at most 100 a tenant): the value is kept sealed and never shown again */
        post: operations["postSecrets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/secrets/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a secret's value: values are read at every tool call, so the next call uses the new one */
        put: operations["putSecretsByName"];
        post?: never;
        /** Delete a secret of this tenant: 204 with no body */
        delete: operations["deleteSecretsByName"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This tenant's teams by name, each with its members and whether it is within its hours now */
        get: operations["getTeams"];
        put?: never;
        /** A team of operators: members (who may answer in the inbox), business hours (time zone, weekly spans, holidays), a cap of open conversations per operator, and whether every operator of the tenant reads its escalations (`open_to_all_operators`) */
        post: operations["postTeams"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/teams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One team */
        get: operations["getTeamsById"];
        /** Change a team: name, members (the whole list), hours (null: always open), cap (null: none) or `open_to_all_operators` */
        put: operations["putTeamsById"];
        post?: never;
        /** Delete a team: its waiting escalations join the tenant's queue; links and handoff nodes naming it fall back to that queue */
        delete: operations["deleteTeamsById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenants this key acts on: every tenant for the admin key (oldest first, at most 1,000), its own for a tenant key */
        get: operations["getTenants"];
        put?: never;
        /** Create a tenant (admin key) */
        post: operations["postTenants"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Rename a tenant, set its operator email (told when an escalation waits with nobody there) or, with the admin key only, its daily LLM token budget `tokens_per_day` (null removes it); a tenant key changes only its own */
        put: operations["putTenantsById"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenants/{id}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a tenant API key (shown once); `name` is who answers with it in the inbox, as visitors see it (default "Support"); `role` what it may do (default owner) */
        post: operations["postTenantsByIdKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/visitors/{email}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Erases an email’s data in the tenant: conversations stay as anonymous rows with their counts; messages, memories, verification records go; sendings, webhook deliveries and schedules keep no address or words */
        delete: operations["deleteVisitorsByEmail"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/visitors/{email}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything held for an email in the tenant: conversations with their messages, transitions, variables and escalations, memories, verification records, personalised links, sendings of links, schedules, webhook deliveries and inbox events about the conversations – as JSON, streamed */
        get: operations["getVisitorsByEmailExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/visitors/phones/{phone}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Erases a phone number (E.164) in the tenant: texts sent to it are kept without it, the message or an error quoting it; schedules stop texting it */
        delete: operations["deleteVisitorsPhonesByPhone"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/visitors/phones/{phone}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything held for a phone number (E.164) in the tenant: the texts of links sent to it and the schedules that text it or name it in their runs’ errors – as JSON, streamed */
        get: operations["getVisitorsPhonesByPhoneExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/visitors/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Erases a signed user id’s data in the tenant (every identity realm and channel): conversations stay as anonymous rows with their counts; messages, memories, verification records go; sendings, webhook deliveries and schedules keep no address or words */
        delete: operations["deleteVisitorsUsersByUserId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/visitors/users/{user_id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything held for a signed user id in the tenant (every identity realm and channel): conversations with their messages, transitions, variables and escalations, memories, verification records, personalised links, sendings of links, schedules, webhook deliveries and inbox events about the conversations – as JSON, streamed */
        get: operations["getVisitorsUsersByUserIdExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's webhooks (never their secrets) */
        get: operations["getWebhooks"];
        put?: never;
        /** Subscribe a URL to events; the `whsec_` signing secret is shown once. A URL whose host resolves to a loopback, private or link-local address is refused (400) */
        post: operations["postWebhooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a webhook with its pending deliveries and their history: 204 with no body */
        delete: operations["deleteWebhooksById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every delivery attempt, newest first: event, attempt number, status (`succeeded`, `failed`, or `pending` for the next one due), response code, error, time and duration */
        get: operations["getWebhooksByIdDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/mcp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A session’s stream of the server’s own messages (server-sent events)
         * @description The Model Context Protocol’s Streamable HTTP transport: the MCP tools over JSON-RPC, one endpoint for POST, GET and DELETE. An `initialize` request without `Mcp-Session-Id` opens a session, named in the answer’s `Mcp-Session-Id`; later requests carry it. A session belongs to the key (and, for the admin key, the tenant) that opened it; another key’s, an unknown or a closed one is 404. A request with an `Origin` not allowed (PUBLIC_BASE_URL’s, MCP_ALLOWED_ORIGINS) is 403. These refusals are the error envelope; past them, the MCP layer answers as the MCP specification says (its own errors as JSON-RPC errors).
         */
        get: operations["getMcp"];
        put?: never;
        /**
         * Send JSON-RPC messages: `initialize` opens a session; a request’s answers come back as server-sent events
         * @description The Model Context Protocol’s Streamable HTTP transport: the MCP tools over JSON-RPC, one endpoint for POST, GET and DELETE. An `initialize` request without `Mcp-Session-Id` opens a session, named in the answer’s `Mcp-Session-Id`; later requests carry it. A session belongs to the key (and, for the admin key, the tenant) that opened it; another key’s, an unknown or a closed one is 404. A request with an `Origin` not allowed (PUBLIC_BASE_URL’s, MCP_ALLOWED_ORIGINS) is 403. These refusals are the error envelope; past them, the MCP layer answers as the MCP specification says (its own errors as JSON-RPC errors).
         */
        post: operations["postMcp"];
        /**
         * Ends a session
         * @description The Model Context Protocol’s Streamable HTTP transport: the MCP tools over JSON-RPC, one endpoint for POST, GET and DELETE. An `initialize` request without `Mcp-Session-Id` opens a session, named in the answer’s `Mcp-Session-Id`; later requests carry it. A session belongs to the key (and, for the admin key, the tenant) that opened it; another key’s, an unknown or a closed one is 404. A request with an `Origin` not allowed (PUBLIC_BASE_URL’s, MCP_ALLOWED_ORIGINS) is 403. These refusals are the error envelope; past them, the MCP layer answers as the MCP specification says (its own errors as JSON-RPC errors).
         */
        delete: operations["deleteMcp"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description An A2A AgentCard
         * @example {}
         */
        A2AAgentCard: {
            [key: string]: unknown;
        };
        /**
         * @description A JSON-RPC 2.0 request of the A2A protocol
         * @example {
         *       "jsonrpc": {}
         *     }
         */
        A2AJsonRpcRequest: {
            /** @description The client’s id of the call (a string or an integer), echoed by the answer */
            id?: unknown;
            /** @description `"2.0"` */
            jsonrpc?: unknown;
            /** @description `message/send`, `message/stream`, `tasks/get` (0.3); `SendMessage`, `SendStreamingMessage`, `GetTask` (1.0) */
            method?: unknown;
            /** @description The method’s parameters; a message’s `contextId` is the session (none, or one that is not a session of this link, starts one) and its `metadata` carries `passcode`, `user` and `challenge_solution` */
            params?: unknown;
        } & {
            [key: string]: unknown;
        };
        /**
         * @description A JSON-RPC 2.0 answer (`{jsonrpc, id, result | error}`), or for a streaming method an SSE stream of them (`data:` lines; an `error` event ends a stream that failed). A refusal of the link’s rules is a JSON-RPC error whose `data` is the platform’s error body (`code`, `message`, `details`, `request_id`).
         * @example {}
         */
        A2AJsonRpcResponse: {
            [key: string]: unknown;
        };
        /**
         * @example {
         *       "id": "id",
         *       "name": "name",
         *       "active_version": 1,
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z",
         *       "published_at": "2026-03-02T09:30:00.000Z",
         *       "published": true
         *     }
         */
        ActivatedVersion: {
            active_version: number;
            created_at: string;
            id: string;
            name: string;
            published: boolean;
            published_at: string;
            updated_at: string;
        };
        /**
         * @example {
         *       "title": "title",
         *       "text": "text"
         *     }
         */
        AddKnowledgeDocumentRequest: {
            text: string;
            title: string;
        } | {
            title?: string;
            /** Format: uri */
            url: string;
        };
        /**
         * @example {
         *       "id": "0b5e7c1d-2a4f-4e8b-9c3d-7f1a2b3c4d5e",
         *       "name": "order-desk",
         *       "active_version": 2,
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-09T14:05:12.000Z"
         *     }
         */
        Agent: {
            active_version: number;
            created_at: string;
            id: string;
            name: string;
            updated_at: string;
        };
        /**
         * @example {
         *       "id": "0b5e7c1d-2a4f-4e8b-9c3d-7f1a2b3c4d5e",
         *       "name": "order-desk",
         *       "active_version": 2,
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-09T14:05:12.000Z",
         *       "config": {
         *         "workflow": {
         *           "initial_node": "greet",
         *           "nodes": [
         *             {
         *               "id": "greet",
         *               "name": "Greeting",
         *               "static_text": "Hello! What is your order number?",
         *               "transitions": [
         *                 {
         *                   "to": "done",
         *                   "condition": "user_responded"
         *                 }
         *               ]
         *             },
         *             {
         *               "id": "done",
         *               "name": "Done",
         *               "type": "end",
         *               "static_text": "Thanks – we are on it."
         *             }
         *           ]
         *         }
         *       },
         *       "versions": [
         *         {
         *           "version": 1,
         *           "state": "published",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "published_at": "2026-03-02T09:30:00.000Z",
         *           "active": false
         *         },
         *         {
         *           "version": 2,
         *           "state": "published",
         *           "created_at": "2026-03-09T14:05:12.000Z",
         *           "published_at": "2026-03-09T14:05:12.000Z",
         *           "active": true
         *         }
         *       ],
         *       "require_tests": false
         *     }
         */
        AgentDetail: {
            active_version: number;
            config: unknown;
            created_at: string;
            id: string;
            name: string;
            require_tests: boolean;
            updated_at: string;
            versions: components["schemas"]["AgentVersionSummary"][];
        };
        /**
         * @example {
         *       "agents": [
         *         {
         *           "id": "0b5e7c1d-2a4f-4e8b-9c3d-7f1a2b3c4d5e",
         *           "name": "order-desk",
         *           "active_version": 2,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-09T14:05:12.000Z"
         *         }
         *       ]
         *     }
         */
        AgentList: {
            agents: components["schemas"]["Agent"][];
        };
        /**
         * @example {
         *       "id": "id",
         *       "name": "name",
         *       "active_version": 1,
         *       "require_tests": true
         *     }
         */
        AgentSettings: {
            active_version: number;
            id: string;
            name: string;
            require_tests: boolean;
        };
        /**
         * @example {
         *       "name": "name",
         *       "turns": [
         *         {
         *           "user": "user"
         *         }
         *       ],
         *       "id": "id",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        AgentTest: {
            created_at: string;
            id: string;
            name: string;
            start?: {
                metadata?: {
                    [key: string]: unknown;
                };
                variables?: {
                    [key: string]: string;
                };
            };
            turns: {
                expect?: {
                    ended?: boolean;
                    handoff?: boolean;
                    judge?: string;
                    node?: string;
                    says?: string | {
                        regex: string;
                    };
                    says_not?: string | {
                        regex: string;
                    };
                    tool?: string;
                    variables?: {
                        [key: string]: string;
                    };
                };
                user: string;
            }[];
            updated_at: string;
        };
        /**
         * @example {
         *       "id": "id"
         *     }
         */
        AgentTestCreated: {
            id: string;
        };
        /**
         * @example {
         *       "conversation_id": "3f6c1a52-8d2e-4b7a-9c41-5e0d2f7b9a18"
         *     }
         */
        AgentTestFromConversationRequest: {
            /** Format: uuid */
            conversation_id: string;
        };
        /**
         * @example {
         *       "tests": [
         *         {
         *           "name": "name",
         *           "turns": [
         *             {
         *               "user": "user"
         *             }
         *           ],
         *           "id": "id",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        AgentTestList: {
            tests: components["schemas"]["AgentTest"][];
        };
        /**
         * @example {
         *       "name": "name",
         *       "turns": [
         *         {
         *           "user": "user"
         *         }
         *       ]
         *     }
         */
        AgentTestRequest: {
            name: string;
            start?: {
                metadata?: {
                    [key: string]: unknown;
                };
                variables?: {
                    [key: string]: string;
                };
            };
            turns: {
                expect?: {
                    ended?: boolean;
                    handoff?: boolean;
                    judge?: string;
                    node?: string;
                    says?: string | {
                        regex: string;
                    };
                    says_not?: string | {
                        regex: string;
                    };
                    tool?: string;
                    variables?: {
                        [key: string]: string;
                    };
                };
                user: string;
            }[];
        };
        /**
         * @example {
         *       "tools": [
         *         {
         *           "name": "name",
         *           "parameters": {}
         *         }
         *       ]
         *     }
         */
        AgentToolList: {
            tools: ({
                description?: string;
                name: string;
                parameters: {
                    [key: string]: unknown;
                };
            } | {
                error: string;
                name: string;
            })[];
        };
        /**
         * @example {
         *       "version": 2,
         *       "state": "published",
         *       "created_at": "2026-03-09T14:05:12.000Z",
         *       "published_at": "2026-03-09T14:05:12.000Z",
         *       "active": true,
         *       "config": {
         *         "workflow": {
         *           "initial_node": "greet",
         *           "nodes": [
         *             {
         *               "id": "greet",
         *               "name": "Greeting",
         *               "static_text": "Hello! What is your order number?",
         *               "transitions": [
         *                 {
         *                   "to": "done",
         *                   "condition": "user_responded"
         *                 }
         *               ]
         *             },
         *             {
         *               "id": "done",
         *               "name": "Done",
         *               "type": "end",
         *               "static_text": "Thanks – we are on it."
         *             }
         *           ]
         *         }
         *       }
         *     }
         */
        AgentVersion: {
            active: boolean;
            config: unknown;
            created_at: string;
            published_at: string | null;
            /** @enum {string} */
            state: "draft" | "published";
            version: number;
        };
        /**
         * @example {
         *       "version": 1,
         *       "state": "draft"
         *     }
         */
        AgentVersionCreated: {
            /** @enum {string} */
            state: "draft" | "published";
            version: number;
        };
        /**
         * @example {
         *       "version": 1,
         *       "state": "draft",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "published_at": "2026-03-02T09:30:00.000Z",
         *       "active": true
         *     }
         */
        AgentVersionSummary: {
            active: boolean;
            created_at: string;
            published_at: string | null;
            /** @enum {string} */
            state: "draft" | "published";
            version: number;
        };
        /**
         * @description An AG-UI RunAgentInput (https://docs.ag-ui.com)
         * @example {
         *       "threadId": "threadId",
         *       "runId": "runId",
         *       "messages": [
         *         {
         *           "id": "id",
         *           "role": "role"
         *         }
         *       ]
         *     }
         */
        AgUiRunInput: {
            /** @description What starting a session takes on this link: `passcode`, the signed-in `user`, a `challenge_solution` */
            forwardedProps?: {
                challenge_solution?: string;
                passcode?: string;
                user?: {
                    [key: string]: unknown;
                };
            } & {
                [key: string]: unknown;
            };
            /** @description The thread’s messages; the last `user` message is the turn (its text). The agent keeps the history itself. */
            messages: ({
                content?: unknown;
                id: string;
                role: string;
            } & {
                [key: string]: unknown;
            })[];
            /** @description The client’s id of the run: a retry with the same id gets the first answer and runs no turn twice */
            runId: string;
            /** @description The session credential (`pcs_…`) the first run’s RUN_STARTED carried; any value that is not a session of this link starts one */
            threadId: string;
        } & {
            [key: string]: unknown;
        };
        /**
         * @example {
         *       "from": "2026-02-01T00:00:00.000Z",
         *       "to": "2026-03-01T00:00:00.000Z",
         *       "sessions": {
         *         "started": 420,
         *         "completed": 351,
         *         "abandoned": 41,
         *         "expired": 6,
         *         "escalated": 22,
         *         "resolved": 318
         *       },
         *       "resolution_rate": 0.83,
         *       "messages": {
         *         "user": 1630,
         *         "assistant": 1702,
         *         "operator": 88
         *       },
         *       "visitors": {
         *         "unique": 377,
         *         "verified": 0
         *       },
         *       "engagement": {
         *         "avg_messages_per_session": 3.9,
         *         "median_session_seconds": 148,
         *         "completion_rate": 0.84
         *       },
         *       "response_ms": {
         *         "p50": 910,
         *         "p95": 2480
         *       },
         *       "countries": [
         *         {
         *           "country": "DE",
         *           "sessions": 233
         *         },
         *         {
         *           "country": "AT",
         *           "sessions": 61
         *         }
         *       ],
         *       "security_events": {
         *         "rate_limited": 3,
         *         "quota_exceeded": 0,
         *         "forbidden_origin": 1,
         *         "forbidden_ip": 0,
         *         "invalid_token": 5,
         *         "verification_failed": 0,
         *         "passcode_lockout": 0,
         *         "verification_lockout": 0,
         *         "content_blocked": 0,
         *         "content_redacted": 2,
         *         "content_flagged": 1,
         *         "country": 0,
         *         "budget_exhausted": 0,
         *         "challenge_failed": 0
         *       },
         *       "tokens": {
         *         "prompt": 1240000,
         *         "completion": 310500
         *       },
         *       "sentiment": {
         *         "positive": 201,
         *         "neutral": 128,
         *         "negative": 22,
         *         "average": 0.41
         *       },
         *       "feedback": {
         *         "up": 96,
         *         "down": 7,
         *         "csat_avg": 4.6,
         *         "csat_responses": 58
         *       },
         *       "series": [
         *         {
         *           "at": "2026-02-01T00:00:00.000Z",
         *           "sessions": 14,
         *           "messages": 109,
         *           "tokens": 51200,
         *           "ended": 13,
         *           "resolved": 11,
         *           "sentiment": 0.38
         *         }
         *       ],
         *       "operators": [
         *         {
         *           "member_id": "mem_Hq4Zr8Tn2LwX",
         *           "name": "Grace",
         *           "conversations": 22,
         *           "first_response_ms_p50": 41000,
         *           "handling_ms_p50": 380000,
         *           "missed": 1
         *         }
         *       ],
         *       "teams": [
         *         {
         *           "team_id": null,
         *           "name": null,
         *           "conversations": 22,
         *           "first_response_ms_p50": 41000,
         *           "handling_ms_p50": 380000,
         *           "missed": 1
         *         }
         *       ]
         *     }
         */
        AnalyticsReport: {
            cost?: {
                usd: number;
            };
            countries: {
                country: string;
                sessions: number;
            }[];
            engagement: {
                avg_messages_per_session: number;
                completion_rate: number;
                median_session_seconds: number | null;
            };
            feedback: {
                csat_avg: number | null;
                csat_responses: number;
                down: number;
                up: number;
            };
            from: string;
            knowledge?: {
                answers: number;
                with_sources: number;
                without_match: number;
            };
            messages: {
                assistant: number;
                operator: number;
                user: number;
            };
            operators: {
                conversations: number;
                first_response_ms_p50: number | null;
                handling_ms_p50: number | null;
                member_id: string;
                missed: number;
                name: string;
            }[];
            resolution_difference?: {
                ci95: [
                    number,
                    number
                ];
                estimate: number;
                versions: [
                    number,
                    number
                ];
            };
            resolution_rate: number;
            response_ms: {
                p50: number | null;
                p95: number | null;
            };
            security_events: {
                budget_exhausted: number;
                challenge_failed: number;
                content_blocked: number;
                content_flagged: number;
                content_redacted: number;
                country: number;
                forbidden_ip: number;
                forbidden_origin: number;
                invalid_token: number;
                passcode_lockout: number;
                quota_exceeded: number;
                rate_limited: number;
                verification_failed: number;
                verification_lockout: number;
            };
            sentiment: {
                average: number | null;
                negative: number;
                neutral: number;
                positive: number;
            };
            series: {
                at: string;
                cost?: {
                    usd: number;
                };
                ended: number;
                messages: number;
                resolved: number;
                sentiment: number | null;
                sessions: number;
                tokens: number;
            }[];
            sessions: {
                abandoned: number;
                completed: number;
                escalated: number;
                expired: number;
                resolved: number;
                started: number;
            };
            teams: {
                conversations: number;
                first_response_ms_p50: number | null;
                handling_ms_p50: number | null;
                missed: number;
                name: string | null;
                team_id: string | null;
            }[];
            to: string;
            tokens: {
                completion: number;
                prompt: number;
            };
            tools?: {
                avg_duration_ms: number;
                calls: number;
                failures: number;
                p95_duration_ms: number;
                tool: string;
            }[];
            versions?: {
                completion_rate: number;
                cost?: {
                    usd: number;
                };
                csat_avg: number | null;
                escalation_rate: number;
                resolution_rate: number;
                response_ms_p50: number | null;
                sessions: number;
                tokens: number;
                version: number;
            }[];
            visitors: {
                unique: number;
                verified: number;
            };
        };
        /**
         * @example {
         *       "key_id": "key_3mT8qLw2ZxVa",
         *       "name": "CI deploys",
         *       "role": "editor",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "last_used_at": "2026-03-09T14:05:12.000Z",
         *       "expires_at": null,
         *       "revoked_at": null
         *     }
         */
        ApiKey: {
            created_at: string;
            expires_at: string | null;
            key_id: string;
            last_used_at: string | null;
            name: string;
            revoked_at: string | null;
            /** @enum {string} */
            role: "owner" | "editor" | "operator" | "viewer";
        };
        /**
         * @example {
         *       "key_id": "key-id",
         *       "key": "key",
         *       "name": "name",
         *       "role": "owner",
         *       "expires_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        ApiKeyCreated: {
            expires_at: string | null;
            key: string;
            key_id: string;
            name: string;
            /** @enum {string} */
            role: "owner" | "editor" | "operator" | "viewer";
        };
        /**
         * @example {
         *       "keys": [
         *         {
         *           "key_id": "key_3mT8qLw2ZxVa",
         *           "name": "CI deploys",
         *           "role": "editor",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "last_used_at": "2026-03-09T14:05:12.000Z",
         *           "expires_at": null,
         *           "revoked_at": null
         *         }
         *       ]
         *     }
         */
        ApiKeyList: {
            keys: components["schemas"]["ApiKey"][];
        };
        /**
         * @example {
         *       "id": "id",
         *       "name": "name",
         *       "type": "type",
         *       "bytes": 1
         *     }
         */
        Attachment: {
            bytes: number;
            id: string;
            name: string;
            type: string;
        };
        /**
         * @example {
         *       "kind": "member",
         *       "id": "id",
         *       "key_id": "key-id",
         *       "name": "name"
         *     }
         */
        AuditActor: {
            id: string | null;
            key_id: string | null;
            /** @enum {string} */
            kind: "member" | "key" | "admin" | "mcp" | "system";
            name: string | null;
        };
        /**
         * @example {
         *       "id": "aud_Lq2Xm8Vt4KzR7nWb",
         *       "at": "2026-03-09T14:05:12.000Z",
         *       "tenant_id": "6f1c2e3a-9b4d-4f7e-8a21-3c5d7e9f0b12",
         *       "actor": {
         *         "kind": "key",
         *         "id": "key_3mT8qLw2ZxVa",
         *         "key_id": "key_3mT8qLw2ZxVa",
         *         "name": "CI deploys"
         *       },
         *       "action": "agent.version_activated",
         *       "target": {
         *         "kind": "agent",
         *         "id": "0b5e7c1d-2a4f-4e8b-9c3d-7f1a2b3c4d5e"
         *       },
         *       "ip": "203.0.113.7",
         *       "details": {
         *         "version": 2
         *       }
         *     }
         */
        AuditEntry: {
            action: string;
            actor: components["schemas"]["AuditActor"];
            at: string;
            details: {
                [key: string]: unknown;
            };
            id: string;
            ip: string | null;
            target: {
                id: string | null;
                kind: string;
            };
            tenant_id: string | null;
        };
        /**
         * @example {
         *       "entries": [
         *         {
         *           "id": "aud_Lq2Xm8Vt4KzR7nWb",
         *           "at": "2026-03-09T14:05:12.000Z",
         *           "tenant_id": "6f1c2e3a-9b4d-4f7e-8a21-3c5d7e9f0b12",
         *           "actor": {
         *             "kind": "key",
         *             "id": "key_3mT8qLw2ZxVa",
         *             "key_id": "key_3mT8qLw2ZxVa",
         *             "name": "CI deploys"
         *           },
         *           "action": "agent.version_activated",
         *           "target": {
         *             "kind": "agent",
         *             "id": "0b5e7c1d-2a4f-4e8b-9c3d-7f1a2b3c4d5e"
         *           },
         *           "ip": "203.0.113.7",
         *           "details": {
         *             "version": 2
         *           }
         *         }
         *       ],
         *       "next_cursor": "next-cursor"
         *     }
         */
        AuditList: {
            entries: components["schemas"]["AuditEntry"][];
            next_cursor: string | null;
        };
        /**
         * @example {
         *       "ok": true,
         *       "entries": 1
         *     }
         */
        AuditVerification: {
            entries: number;
            first_broken?: {
                at: string;
                id: string;
            };
            ok: boolean;
            /** @enum {string} */
            reason?: "entry_altered" | "tail_missing" | "hash_mismatch" | "checkpoint_invalid";
        };
        /**
         * @example {
         *       "links": [
         *         {
         *           "id": "id",
         *           "url": "https://example.com/",
         *           "token": "token",
         *           "recipient": {
         *             "email": "ada@example.com",
         *             "name": "name"
         *           }
         *         }
         *       ],
         *       "sent": 1,
         *       "queued": 1,
         *       "pending": 1,
         *       "failed": [
         *         {
         *           "to": "2026-03-02T09:30:00.000Z",
         *           "channel": "channel",
         *           "error": "error"
         *         }
         *       ]
         *     }
         */
        BulkCreatedLinks: {
            failed: components["schemas"]["FailedDelivery"][];
            links: {
                id: string;
                recipient: {
                    email: string;
                    name: string | null;
                } | null;
                token: string;
                url: string;
            }[];
            pending: number;
            queued: number;
            sent: number;
        };
        /**
         * @example {
         *       "template": "aa"
         *     }
         */
        BulkCreateLinksRequest: {
            count?: number;
            recipients?: components["schemas"]["Recipient"][];
            send?: components["schemas"]["SendSpec"];
            settings?: components["schemas"]["LinkSettings"];
            template?: string;
        };
        /**
         * @example {
         *       "deleted": [
         *         "deleted"
         *       ],
         *       "not_found": [
         *         "not-found"
         *       ]
         *     }
         */
        BulkDeletedLinks: {
            deleted: string[];
            not_found: string[];
        };
        /**
         * @example {
         *       "ids": [
         *         "ids"
         *       ]
         *     }
         */
        BulkDeleteLinksRequest: {
            ids: string[];
        };
        /**
         * @example {
         *       "updated": [
         *         {
         *           "id": "lnk_Q7v2KpX9mR4tWz1B",
         *           "agent": "order-desk",
         *           "title": "Order help",
         *           "description": "Questions about an order you placed",
         *           "welcome_message": "Hi {{name}}, how can we help with your order?",
         *           "expires_at": "2026-03-09T09:30:00.000Z",
         *           "max_sessions": 500,
         *           "max_messages_per_session": 50,
         *           "session_timeout_minutes": 30,
         *           "rate_limit_per_minute": 10,
         *           "rate_limit_per_link_per_minute": null,
         *           "require_email_verification": false,
         *           "require_identity": false,
         *           "has_identity_secret": false,
         *           "identity_token_required": false,
         *           "allowed_origins": [
         *             "https://shop.acme.example"
         *           ],
         *           "ip_allow": [],
         *           "ip_deny": [],
         *           "has_passcode": false,
         *           "active": true,
         *           "retention_days": 90,
         *           "variables": {
         *             "name": "Ada"
         *           },
         *           "uploads": null,
         *           "theme": {
         *             "brand_color": "#1d4ed8",
         *             "mode": "auto"
         *           },
         *           "locale": "en",
         *           "content_rules": null,
         *           "country_allow": [],
         *           "country_deny": [],
         *           "budget": null,
         *           "budget_exhausted_message": null,
         *           "challenge": null,
         *           "team": null,
         *           "offer_person": "never",
         *           "transcript_to_tenant": false,
         *           "version": null,
         *           "split": null,
         *           "state": "active",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "not_found": [
         *         "not-found"
         *       ]
         *     }
         */
        BulkUpdatedLinks: {
            not_found: string[];
            updated: components["schemas"]["Link"][];
        };
        /**
         * @example {
         *       "ids": [
         *         "ids"
         *       ],
         *       "changes": {
         *         "title": "title"
         *       }
         *     }
         */
        BulkUpdateLinksRequest: {
            changes: components["schemas"]["LinkChanges"];
            ids: string[];
        };
        /**
         * @example {
         *       "id": "id",
         *       "shortcut": "shortcut",
         *       "content": "content",
         *       "personal": true,
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        CannedReply: {
            content: string;
            created_at: string;
            id: string;
            personal: boolean;
            shortcut: string;
            updated_at: string;
        };
        /**
         * @example {
         *       "canned_replies": [
         *         {
         *           "id": "id",
         *           "shortcut": "shortcut",
         *           "content": "content",
         *           "personal": true,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        CannedReplyList: {
            canned_replies: components["schemas"]["CannedReply"][];
        };
        /**
         * @example {
         *       "secret_id": "secret-id",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "last_used_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        ChatSecret: {
            created_at: string;
            last_used_at: string | null;
            secret_id: string;
        };
        /**
         * @example {
         *       "secret_id": "secret-id",
         *       "secret": "secret",
         *       "created_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        ChatSecretCreated: {
            created_at: string;
            /** @description The HMAC secret (`chsec_…`): shown once, never again */
            secret: string;
            secret_id: string;
        };
        /**
         * @example {
         *       "secrets": [
         *         {
         *           "secret_id": "secret-id",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "last_used_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        ChatSecretList: {
            secrets: components["schemas"]["ChatSecret"][];
        };
        /**
         * @example {
         *       "n": 1,
         *       "document_id": "document-id",
         *       "title": "title",
         *       "chunk_id": "chunk-id"
         *     }
         */
        Citation: {
            chunk_id: string;
            document_id: string;
            n: number;
            title: string;
            url?: string;
        };
        /**
         * @example {
         *       "email": "ada@example.com",
         *       "code": "000000"
         *     }
         */
        ConfirmEmailRequest: {
            challenge_solution?: string;
            code: string;
            /** Format: email */
            email: string;
            passcode?: string;
        };
        /**
         * @example {
         *       "block_patterns": [],
         *       "pii": "allow",
         *       "moderation": "off",
         *       "prompt_injection": "off"
         *     }
         */
        ContentRules: {
            /** @default [] */
            block_patterns: string[];
            /**
             * @default off
             * @enum {string}
             */
            moderation: "off" | "flag" | "block";
            /**
             * @default allow
             * @enum {string}
             */
            pii: "allow" | "redact" | "block";
            /**
             * @default off
             * @enum {string}
             */
            prompt_injection: "off" | "flag" | "block";
        };
        /**
         * @example {
         *       "block_patterns": []
         *     }
         */
        ContentRulesInput: {
            /** @default [] */
            block_patterns?: string[];
            /**
             * @default off
             * @enum {string}
             */
            moderation?: "off" | "flag" | "block";
            /**
             * @default allow
             * @enum {string}
             */
            pii?: "allow" | "redact" | "block";
            /**
             * @default off
             * @enum {string}
             */
            prompt_injection?: "off" | "flag" | "block";
        };
        /**
         * @example {
         *       "conversation_id": "conversation-id",
         *       "session_id": "session-id",
         *       "agent": "agent",
         *       "agent_version": 1,
         *       "channel": "api",
         *       "link_id": "link-id",
         *       "status": "status",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z",
         *       "ended_at": "2026-03-02T09:30:00.000Z",
         *       "node_id": "node-id",
         *       "node_name": "node-name",
         *       "collected_data": {},
         *       "visitor": {
         *         "name": "name",
         *         "email": "ada@example.com"
         *       },
         *       "escalation_id": "escalation-id",
         *       "labels": [
         *         "labels"
         *       ],
         *       "notes": [
         *         {
         *           "id": "id",
         *           "escalation_id": "escalation-id",
         *           "text": "text",
         *           "author_name": "author-name",
         *           "created_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "messages": [
         *         {
         *           "id": "id",
         *           "role": "user",
         *           "content": "content",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "turn_number": 1,
         *           "node_id": "node-id",
         *           "operator_name": "operator-name",
         *           "feedback": {
         *             "rating": "up",
         *             "comment": "comment",
         *             "at": "2026-03-02T09:30:00.000Z"
         *           }
         *         }
         *       ],
         *       "turns": [
         *         {
         *           "turn_number": 1,
         *           "transitions": [
         *             {
         *               "from_node": "from-node",
         *               "from_node_name": "from-node-name",
         *               "to_node": "to-node",
         *               "to_node_name": "to-node-name",
         *               "condition": "condition"
         *             }
         *           ],
         *           "extracted_variables": {}
         *         }
         *       ],
         *       "escalations": [
         *         {
         *           "id": "esc_Wd4Lm8Qx2TvZ9kBn",
         *           "reason": "The customer asked for a person",
         *           "state": "claimed",
         *           "created_at": "2026-03-02T09:35:00.000Z",
         *           "claimed_at": "2026-03-02T09:36:10.000Z",
         *           "closed_at": null,
         *           "operator": {
         *             "name": "Grace"
         *           }
         *         }
         *       ],
         *       "rating": {
         *         "score": 1,
         *         "comment": "comment",
         *         "at": "2026-03-02T09:30:00.000Z"
         *       },
         *       "sentiment": {
         *         "score": 1,
         *         "label": "positive",
         *         "method": "llm",
         *         "at": "2026-03-02T09:30:00.000Z"
         *       }
         *     }
         */
        ConversationDetail: {
            agent: string;
            agent_version: number;
            /** @enum {string} */
            channel: "api" | "link";
            collected_data: {
                [key: string]: string;
            };
            conversation_id: string;
            created_at: string;
            ended_at: string | null;
            escalation_id: string | null;
            escalations: components["schemas"]["Escalation"][];
            labels: string[];
            link_id: string | null;
            messages: {
                attachments?: components["schemas"]["Attachment"][];
                citations?: components["schemas"]["Citation"][];
                content: string;
                created_at: string;
                feedback: {
                    /** @description When the visitor gave it (the latest, if replaced) */
                    at: string;
                    comment: string | null;
                    /** @enum {string} */
                    rating: "up" | "down";
                } | null;
                id: string;
                node_id: string | null;
                operator_name: string | null;
                /** @enum {string} */
                role: "user" | "assistant" | "operator" | "system" | "tool";
                tool_call?: {
                    arguments: unknown;
                    duration_ms: number;
                    error?: string;
                    result?: unknown;
                    /** @enum {string} */
                    status: "ok" | "error" | "timeout" | "refused";
                    tool: string;
                };
                turn_number: number | null;
            }[];
            node_id: string;
            node_name: string | null;
            notes: components["schemas"]["ConversationNote"][];
            rating: {
                /** @description When the visitor gave it (the latest, if replaced) */
                at: string;
                comment: string | null;
                score: number;
            } | null;
            sentiment: {
                /** @description When it was classified (moments after the conversation ended) */
                at: string;
                /** @enum {string} */
                label: "positive" | "neutral" | "negative";
                /** @enum {string} */
                method: "llm" | "local";
                score: number;
            } | null;
            session_id: string | null;
            status: string;
            turns: {
                extracted_variables: {
                    [key: string]: string;
                };
                transitions: {
                    condition: string | null;
                    from_node: string;
                    from_node_name: string | null;
                    to_node: string;
                    to_node_name: string | null;
                }[];
                turn_number: number;
            }[];
            updated_at: string;
            visitor: components["schemas"]["ConversationVisitor"];
        };
        /**
         * @example {
         *       "labels": [
         *         "labels"
         *       ]
         *     }
         */
        ConversationLabels: {
            labels: string[];
        };
        /**
         * @example {
         *       "id": "id",
         *       "escalation_id": "escalation-id",
         *       "text": "text",
         *       "author_name": "author-name",
         *       "created_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        ConversationNote: {
            author_name: string;
            created_at: string;
            escalation_id: string;
            id: string;
            text: string;
        };
        /**
         * @example {
         *       "session": "session",
         *       "score": 1
         *     }
         */
        ConversationRatingRequest: {
            /** @description What the visitor adds in their own words; at most 2000 characters (Unicode code points) */
            comment?: string;
            /** @description A whole number from 1 (poor) to 5 (excellent); a later one replaces it */
            score: number;
            /** @description The session credential (`pcs_…`); the credential of a conversation that has ended is accepted */
            session: string;
        };
        /**
         * @example {
         *       "conversations": [
         *         {
         *           "conversation_id": "conversation-id",
         *           "agent": "agent",
         *           "channel": "api",
         *           "link_id": "link-id",
         *           "status": "status",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z",
         *           "ended_at": "2026-03-02T09:30:00.000Z",
         *           "visitor": {
         *             "name": "name",
         *             "email": "ada@example.com"
         *           },
         *           "preview": "preview",
         *           "unread": 1,
         *           "labels": [
         *             "labels"
         *           ],
         *           "escalation": {
         *             "id": "id",
         *             "state": "waiting"
         *           },
         *           "match": "match"
         *         }
         *       ],
         *       "next_cursor": "next-cursor"
         *     }
         */
        ConversationSearchList: {
            conversations: components["schemas"]["ConversationSummary"][];
            /** @description Pass as `cursor` for the next page; null on the last page */
            next_cursor: string | null;
        };
        /**
         * @example {
         *       "conversation_id": "conversation-id",
         *       "agent": "agent",
         *       "channel": "api",
         *       "link_id": "link-id",
         *       "status": "status",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z",
         *       "ended_at": "2026-03-02T09:30:00.000Z",
         *       "visitor": {
         *         "name": "name",
         *         "email": "ada@example.com"
         *       },
         *       "preview": "preview",
         *       "unread": 1,
         *       "labels": [
         *         "labels"
         *       ],
         *       "escalation": {
         *         "id": "id",
         *         "state": "waiting"
         *       },
         *       "match": "match"
         *     }
         */
        ConversationSummary: {
            agent: string;
            /** @enum {string} */
            channel: "api" | "link";
            conversation_id: string;
            created_at: string;
            ended_at: string | null;
            escalation: {
                id: string;
                /** @enum {string} */
                state: "waiting" | "assigned" | "claimed" | "released" | "closed";
            } | null;
            labels: string[];
            link_id: string | null;
            match: string | null;
            preview: string | null;
            status: string;
            unread: number;
            updated_at: string;
            visitor: components["schemas"]["ConversationVisitor"];
        };
        /**
         * @example {
         *       "turns": [
         *         {
         *           "turn": 1,
         *           "node_path": [
         *             "node-path"
         *           ],
         *           "llm_calls": [
         *             {
         *               "model": "model",
         *               "prompt_tokens": 1,
         *               "completion_tokens": 1,
         *               "latency_ms": 1
         *             }
         *           ],
         *           "tool_calls": [
         *             {
         *               "tool": "tool",
         *               "arguments": {},
         *               "status": "ok",
         *               "duration_ms": 1
         *             }
         *           ]
         *         }
         *       ]
         *     }
         */
        ConversationTrace: {
            turns: {
                llm_calls: {
                    completion_tokens: number;
                    cost?: number;
                    latency_ms: number;
                    model: string;
                    prompt_tokens: number;
                }[];
                node_path: string[];
                retrieval?: {
                    chunk_id: string;
                    score: number;
                }[];
                tool_calls: components["schemas"]["ToolCallReport"][];
                turn: number;
            }[];
        };
        /**
         * @example {
         *       "name": "name",
         *       "email": "ada@example.com"
         *     }
         */
        ConversationVisitor: {
            email: string | null;
            name: string | null;
        };
        /**
         * @example {
         *       "name": "order-desk",
         *       "config": {
         *         "workflow": {
         *           "initial_node": "greet",
         *           "nodes": [
         *             {
         *               "id": "greet",
         *               "name": "Greeting",
         *               "static_text": "Hello! What is your order number?",
         *               "transitions": [
         *                 {
         *                   "to": "done",
         *                   "condition": "user_responded"
         *                 }
         *               ]
         *             },
         *             {
         *               "id": "done",
         *               "name": "Done",
         *               "type": "end",
         *               "static_text": "Thanks – we are on it."
         *             }
         *           ]
         *         }
         *       }
         *     }
         */
        CreateAgentRequest: {
            config: unknown;
            name: string;
        };
        /**
         * @example {
         *       "name": "name",
         *       "role": "owner"
         *     }
         */
        CreateApiKeyRequest: {
            /**
             * Format: date-time
             * @description Refused from then on (must be in the future); none: never expires
             */
            expires_at?: string;
            name: string;
            /** @enum {string} */
            role: "owner" | "editor" | "operator" | "viewer";
        };
        /**
         * @example {
         *       "shortcut": "A",
         *       "content": "content"
         *     }
         */
        CreateCannedReplyRequest: {
            content: string;
            /** @default false */
            personal?: boolean;
            shortcut: string;
        };
        /** @example {} */
        CreateChatSecretRequest: Record<string, never>;
        /**
         * @example {
         *       "id": "lnk_Q7v2KpX9mR4tWz1B",
         *       "agent": "order-desk",
         *       "title": "Order help",
         *       "description": "Questions about an order you placed",
         *       "welcome_message": "Hi {{name}}, how can we help with your order?",
         *       "expires_at": "2026-03-09T09:30:00.000Z",
         *       "max_sessions": 500,
         *       "max_messages_per_session": 50,
         *       "session_timeout_minutes": 30,
         *       "rate_limit_per_minute": 10,
         *       "rate_limit_per_link_per_minute": null,
         *       "require_email_verification": false,
         *       "require_identity": false,
         *       "has_identity_secret": false,
         *       "identity_token_required": false,
         *       "allowed_origins": [
         *         "https://shop.acme.example"
         *       ],
         *       "ip_allow": [],
         *       "ip_deny": [],
         *       "has_passcode": false,
         *       "active": true,
         *       "retention_days": 90,
         *       "variables": {
         *         "name": "Ada"
         *       },
         *       "uploads": null,
         *       "theme": {
         *         "brand_color": "#1d4ed8",
         *         "mode": "auto"
         *       },
         *       "locale": "en",
         *       "content_rules": null,
         *       "country_allow": [],
         *       "country_deny": [],
         *       "budget": null,
         *       "budget_exhausted_message": null,
         *       "challenge": null,
         *       "team": null,
         *       "offer_person": "never",
         *       "transcript_to_tenant": false,
         *       "version": null,
         *       "split": null,
         *       "state": "active",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z",
         *       "token": "hX3kP9vQ2mZr7TbW4nYcLd8sJf1gAe6u",
         *       "url": "https://chat.acme.example/c/hX3kP9vQ2mZr7TbW4nYcLd8sJf1gAe6u",
         *       "deliveries": [
         *         {
         *           "id": "ldl_Zk2Xw9QmT4vB7nLp1RsYcA",
         *           "link_id": "lnk_Q7v2KpX9mR4tWz1B",
         *           "channel": "email",
         *           "to": "ada@example.com",
         *           "state": "pending",
         *           "attempts": 0,
         *           "last_error": null,
         *           "response_code": null,
         *           "next_attempt_at": null,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "finished_at": null
         *         }
         *       ],
         *       "queued": 1
         *     }
         */
        CreatedLink: {
            active: boolean;
            agent: string;
            allowed_origins: string[];
            budget: components["schemas"]["LinkBudget"] | null;
            budget_exhausted_message: string | null;
            challenge: "pow" | null;
            content_rules: components["schemas"]["ContentRules"] | null;
            country_allow: string[];
            country_deny: string[];
            created_at: string;
            deliveries?: components["schemas"]["LinkDelivery"][];
            description: string | null;
            expires_at: string | null;
            has_identity_secret: boolean;
            has_passcode: boolean;
            id: string;
            identity_token_required: boolean;
            ip_allow: string[];
            ip_deny: string[];
            locale: string | null;
            max_messages_per_session: number | null;
            max_sessions: number | null;
            offer_person: string;
            queued?: number;
            rate_limit_per_link_per_minute: number | null;
            rate_limit_per_minute: number | "adaptive";
            require_email_verification: boolean;
            require_identity: boolean;
            retention_days: number | null;
            session_timeout_minutes: number;
            split: {
                version: number;
                weight: number;
            }[] | null;
            /** @enum {string} */
            state: "active" | "expired" | "inactive";
            team: string | null;
            theme: components["schemas"]["LinkTheme"] | null;
            title: string;
            token: string;
            transcript_to_tenant: boolean;
            updated_at: string;
            uploads: components["schemas"]["LinkUploads"] | null;
            url: string;
            variables: {
                [key: string]: string;
            };
            version: number | null;
            welcome_message: string | null;
        };
        /**
         * @example {
         *       "name": "Shipping and returns",
         *       "language": "english"
         *     }
         */
        CreateKnowledgeBaseRequest: {
            /**
             * @default simple
             * @enum {string}
             */
            language?: "simple" | "arabic" | "danish" | "dutch" | "english" | "finnish" | "french" | "german" | "greek" | "hungarian" | "indonesian" | "irish" | "italian" | "lithuanian" | "nepali" | "norwegian" | "portuguese" | "romanian" | "russian" | "spanish" | "swedish" | "tamil" | "turkish";
            name: string;
            threshold?: number;
        };
        /**
         * @example {
         *       "title": "Order help",
         *       "description": "Questions about an order you placed",
         *       "welcome_message": "Hi {{name}}, how can we help with your order?",
         *       "expires_in_hours": 168,
         *       "max_sessions": 500,
         *       "allowed_origins": [
         *         "https://shop.acme.example"
         *       ],
         *       "variables": {
         *         "name": "Ada"
         *       },
         *       "send": {
         *         "channels": [
         *           {
         *             "type": "email",
         *             "to": "ada@example.com"
         *           }
         *         ]
         *       }
         *     }
         */
        CreateLinkRequest: {
            active?: boolean;
            allowed_origins?: string[];
            budget?: components["schemas"]["LinkBudget"] | null;
            budget_exhausted_message?: string | null;
            challenge?: "pow" | null;
            content_rules?: components["schemas"]["ContentRulesInput"] | null;
            country_allow?: string[];
            country_deny?: string[];
            description?: string | null;
            expires_at?: string | null;
            expires_in_hours?: number;
            identity_token_required?: boolean;
            ip_allow?: string[];
            ip_deny?: string[];
            locale?: string | null;
            max_messages_per_session?: number | null;
            max_sessions?: number | null;
            offer_person?: ("always" | "never") | string;
            passcode?: string | null;
            /** @description Messages per minute across all the link's sessions together, past it 429 `rate_limited` with `details.limit: "link"`; null or absent: no cap on the whole link (on an adaptive link: 600) */
            rate_limit_per_link_per_minute?: number | null;
            /** @description Messages per minute of each session of the link (default 10; PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE is the ceiling: the lower applies), past it 429 `rate_limited` with `details.limit: "session"`; or `"adaptive"`: 600 per minute across the link, and each address's and session's own limit tightens as they misbehave */
            rate_limit_per_minute?: number | "adaptive";
            require_email_verification?: boolean;
            require_identity?: boolean;
            retention_days?: number | null;
            send?: components["schemas"]["SendSpec"];
            session_timeout_minutes?: number;
            split?: components["schemas"]["SplitArm"][] | null;
            team?: string | null;
            template?: string;
            theme?: components["schemas"]["LinkThemeInput"] | null;
            title?: string;
            transcript_to_tenant?: boolean;
            uploads?: components["schemas"]["UploadSettings"] | null;
            variables?: {
                [key: string]: string;
            };
            version?: number | null;
            welcome_message?: string | null;
        };
        /**
         * @example {
         *       "name": "aa",
         *       "settings": {
         *         "title": "title"
         *       }
         *     }
         */
        CreateLinkTemplateRequest: {
            description?: string;
            name: string;
            settings: components["schemas"]["TemplateSettings"];
        };
        /**
         * @example {
         *       "email": "ada@example.com",
         *       "name": "name",
         *       "role": "owner"
         *     }
         */
        CreateMemberRequest: {
            /** Format: email */
            email: string;
            name: string;
            /** @enum {string} */
            role: "owner" | "editor" | "operator" | "viewer";
        };
        /**
         * @example {
         *       "text": "text"
         *     }
         */
        CreateNoteRequest: {
            text: string;
        };
        /**
         * @example {
         *       "name": "Weekly check-in",
         *       "cron": "0 9 * * mon",
         *       "timezone": "Europe/Berlin",
         *       "action": "create_and_send_temp_chat_link",
         *       "agent": "order-desk",
         *       "settings": {
         *         "title": "Order check-in",
         *         "expires_in_hours": 72
         *       },
         *       "recipients": [
         *         {
         *           "email": "ada@example.com",
         *           "name": "Ada"
         *         }
         *       ],
         *       "send": {
         *         "channels": [
         *           {
         *             "type": "email"
         *           }
         *         ],
         *         "subject": "Your weekly order check-in"
         *       }
         *     }
         */
        CreateScheduleRequest: {
            /** @enum {string} */
            action: "create_and_send_temp_chat_link";
            /** @default true */
            active?: boolean;
            agent: string;
            cron: string;
            name: string;
            recipients: components["schemas"]["Recipient"][];
            send: components["schemas"]["SendSpec"];
            settings?: components["schemas"]["LinkSettings"];
            template?: string;
            timezone: string;
        };
        /**
         * @example {
         *       "tenant_id": "6f1c2e3a-9b4d-4f7e-8a21-3c5d7e9f0b12",
         *       "agent_id": "order-desk",
         *       "metadata": {
         *         "user_id": "customer-4821"
         *       }
         *     }
         */
        CreateSessionRequest: {
            /** @description The agent’s id (UUID), or its name: unique within the tenant */
            agent_id: string;
            metadata?: {
                [key: string]: unknown;
            };
            offer_person?: ("always" | "never") | string;
            /** Format: uuid */
            tenant_id: string;
            version?: number;
        };
        /**
         * @example {
         *       "session_id": "text_Vb3sK9xQ2mLp7RtZ4wYcNa",
         *       "conversation_id": "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
         *       "status": "active",
         *       "node_id": "greet",
         *       "node_name": "Greeting",
         *       "initial_node_id": "greet",
         *       "initial_node_name": "Greeting",
         *       "transitions": [],
         *       "agent_config_version": 2,
         *       "is_active_version": true,
         *       "initial_message": "Hello! What is your order number?",
         *       "tool_calls": [],
         *       "created_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        CreateSessionResponse: {
            agent_config_version: number;
            citations?: components["schemas"]["Citation"][];
            conversation_id: string;
            created_at: string;
            initial_message: string | null;
            initial_node_id: string;
            initial_node_name: string | null;
            is_active_version: boolean;
            node_id: string;
            node_name: string | null;
            session_id: string;
            /** @enum {string} */
            status: "active" | "completed" | "abandoned" | "error";
            tool_calls: components["schemas"]["ToolCallReport"][];
            transitions: components["schemas"]["Transition"][];
        };
        /**
         * @example {
         *       "name": "name"
         *     }
         */
        CreateTeamRequest: {
            hours?: components["schemas"]["TeamHoursInput"] | null;
            max_open_per_operator?: number | null;
            /** @default [] */
            members?: string[];
            name: string;
            /**
             * @description Every operator of the tenant reads the team's escalations, not only its members (default false)
             * @default false
             */
            open_to_all_operators?: boolean;
        };
        /**
         * @example {
         *       "name": "name"
         *     }
         */
        CreateTenantKeyRequest: {
            name?: string;
            /** @enum {string} */
            role?: "owner" | "editor" | "operator" | "viewer";
        };
        /**
         * @example {
         *       "name": "name"
         *     }
         */
        CreateTenantRequest: {
            name: string;
            operator_email?: string | null;
        };
        /**
         * @example {
         *       "name": "ORDERS_API_TOKEN",
         *       "value": "the-orders-api-token"
         *     }
         */
        CreateTenantSecretRequest: {
            /** @description The name a tool writes as `{{secrets.NAME}}`: `[A-Z][A-Z0-9_]{0,63}` */
            name: string;
            /** @description The value (1 to 8192 characters): kept sealed, never answered, logged or audited */
            value: string;
        };
        /**
         * @example {
         *       "config": {
         *         "workflow": {
         *           "initial_node": "greet",
         *           "nodes": [
         *             {
         *               "id": "greet",
         *               "name": "Greeting",
         *               "static_text": "Hello! What is your order number?",
         *               "transitions": [
         *                 {
         *                   "to": "done",
         *                   "condition": "user_responded"
         *                 }
         *               ]
         *             },
         *             {
         *               "id": "done",
         *               "name": "Done",
         *               "type": "end",
         *               "static_text": "Thanks – we are on it."
         *             }
         *           ]
         *         }
         *       }
         *     }
         */
        CreateVersionRequest: {
            config: unknown;
        };
        /**
         * @example {
         *       "url": "https://hooks.acme.example/parley",
         *       "events": [
         *         "escalation.created",
         *         "conversation.ended"
         *       ]
         *     }
         */
        CreateWebhookRequest: {
            /** @description The events sent to this URL */
            events: ("escalation.created" | "escalation.assigned" | "escalation.claimed" | "escalation.closed" | "conversation.started" | "conversation.ended" | "conversation.resolved" | "link.created" | "link.expired" | "security.alert" | "feedback.received")[];
            /**
             * @description Default `standard` (signed JSON); `slack` and `teams` post a readable message
             * @enum {string}
             */
            format?: "standard" | "slack" | "teams";
            /** @description Where events are POSTed; its host must resolve to public addresses only */
            url: string;
        };
        /**
         * @example {
         *       "email": "ada@example.com",
         *       "tenant_id": "tenant-id",
         *       "exported_at": "2026-03-02T09:30:00.000Z",
         *       "memories": [
         *         {
         *           "agent_id": "agent-id",
         *           "visitor": "visitor",
         *           "summary": "summary",
         *           "messages_counted": 1,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z",
         *           "summarised_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "verifications": [
         *         {
         *           "link_id": "link-id",
         *           "email": "ada@example.com",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "expires_at": "2026-03-02T09:30:00.000Z",
         *           "consumed_at": "2026-03-02T09:30:00.000Z",
         *           "attempts": 1,
         *           "sends": 1
         *         }
         *       ],
         *       "links": [
         *         {
         *           "id": "id",
         *           "agent_id": "agent-id",
         *           "title": "title",
         *           "variables": {},
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "deleted_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "link_deliveries": [
         *         {
         *           "id": "id",
         *           "link_id": "link-id",
         *           "channel": "channel",
         *           "recipient": "recipient",
         *           "state": "state",
         *           "attempts": 1,
         *           "last_error": "last-error",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "finished_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "schedules": [
         *         {
         *           "id": "id",
         *           "name": "name",
         *           "recipients": [
         *             {}
         *           ],
         *           "send_channels": [
         *             {}
         *           ],
         *           "run_errors": [
         *             {
         *               "slot_at": "2026-03-02T09:30:00.000Z",
         *               "email": "ada@example.com",
         *               "to": "2026-03-02T09:30:00.000Z",
         *               "channel": "channel",
         *               "error": "error"
         *             }
         *           ]
         *         }
         *       ],
         *       "conversations": [
         *         {
         *           "id": "id",
         *           "session_id": "session-id",
         *           "channel": "channel",
         *           "link_id": "link-id",
         *           "agent_id": "agent-id",
         *           "status": "status",
         *           "visitor_email": "ada@example.com",
         *           "user_id": "user-id",
         *           "metadata": {},
         *           "collected_data": {},
         *           "total_turns": 1,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "ended_at": "2026-03-02T09:30:00.000Z",
         *           "purged_at": "2026-03-02T09:30:00.000Z",
         *           "transcript_email": "ada@example.com",
         *           "transcript_sent_at": "2026-03-02T09:30:00.000Z",
         *           "variables": [
         *             {
         *               "name": "name",
         *               "value": "value",
         *               "turn_number": 1,
         *               "updated_at": "2026-03-02T09:30:00.000Z"
         *             }
         *           ],
         *           "escalations": [
         *             {
         *               "id": "id",
         *               "reason": "reason",
         *               "metadata": {},
         *               "state": "state",
         *               "created_at": "2026-03-02T09:30:00.000Z",
         *               "claimed_at": "2026-03-02T09:30:00.000Z",
         *               "closed_at": "2026-03-02T09:30:00.000Z",
         *               "operator_name": "operator-name",
         *               "offline_email": "ada@example.com"
         *             }
         *           ],
         *           "rating": {
         *             "score": 1,
         *             "comment": "comment",
         *             "at": "2026-03-02T09:30:00.000Z"
         *           },
         *           "sentiment": {
         *             "score": 1,
         *             "label": "positive",
         *             "method": "llm",
         *             "at": "2026-03-02T09:30:00.000Z"
         *           },
         *           "messages": [
         *             {
         *               "id": "id",
         *               "sequence": 1,
         *               "role": "role",
         *               "content": "content",
         *               "turn_number": 1,
         *               "author_name": "author-name",
         *               "created_at": "2026-03-02T09:30:00.000Z",
         *               "feedback": {
         *                 "rating": "up",
         *                 "comment": "comment",
         *                 "at": "2026-03-02T09:30:00.000Z"
         *               }
         *             }
         *           ],
         *           "transitions": [
         *             {
         *               "turn_number": 1,
         *               "sequence": 1,
         *               "from_node": "from-node",
         *               "from_node_name": "from-node-name",
         *               "to_node": "to-node",
         *               "to_node_name": "to-node-name",
         *               "condition": "condition",
         *               "created_at": "2026-03-02T09:30:00.000Z"
         *             }
         *           ]
         *         }
         *       ],
         *       "webhook_deliveries": [
         *         {
         *           "id": "id",
         *           "webhook_id": "webhook-id",
         *           "event_type": "event-type",
         *           "state": "state",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "body": "body"
         *         }
         *       ],
         *       "inbox_events": [
         *         {
         *           "id": "id",
         *           "event": "escalation",
         *           "data": {
         *             "escalation_id": "escalation-id",
         *             "conversation_id": "conversation-id",
         *             "channel": "api",
         *             "reason": "reason",
         *             "state": "waiting",
         *             "waiting_since": "waiting-since",
         *             "claimed_at": "2026-03-02T09:30:00.000Z",
         *             "operator": {
         *               "name": "name"
         *             },
         *             "operator_member_id": "operator-member-id",
         *             "team": {
         *               "id": "id",
         *               "name": "name"
         *             },
         *             "assigned_at": "2026-03-02T09:30:00.000Z",
         *             "accept_by": "accept-by",
         *             "offline": true,
         *             "last_message": "last-message",
         *             "last_message_at": "2026-03-02T09:30:00.000Z",
         *             "visitor": {
         *               "name": "name",
         *               "email": "ada@example.com"
         *             },
         *             "preview": "preview",
         *             "unread": 1,
         *             "labels": [
         *               "labels"
         *             ],
         *             "position": 1,
         *             "transfers": [
         *               {
         *                 "from": "2026-03-02T09:30:00.000Z",
         *                 "to": "2026-03-02T09:30:00.000Z",
         *                 "to_team": "to-team",
         *                 "note": "note",
         *                 "at": "2026-03-02T09:30:00.000Z"
         *               }
         *             ],
         *             "agent_id": "agent-id"
         *           }
         *         }
         *       ]
         *     }
         */
        EmailExport: {
            conversations: {
                agent_id: string;
                channel: string;
                collected_data: {
                    [key: string]: unknown;
                };
                created_at: string;
                ended_at: string | null;
                escalations: {
                    claimed_at: string | null;
                    closed_at: string | null;
                    created_at: string;
                    id: string;
                    metadata: {
                        [key: string]: unknown;
                    };
                    offline_email: string | null;
                    operator_name: string | null;
                    reason: string;
                    state: string;
                }[];
                id: string;
                knowledge_gaps?: {
                    bases: string[];
                    created_at: string;
                    question: string;
                }[];
                labels?: string[];
                link_id: string | null;
                messages: {
                    attachments?: components["schemas"]["Attachment"][];
                    author_name: string | null;
                    citations?: components["schemas"]["Citation"][];
                    content: string;
                    created_at: string;
                    feedback: {
                        /** @description When the visitor gave it (the latest, if replaced) */
                        at: string;
                        comment: string | null;
                        /** @enum {string} */
                        rating: "up" | "down";
                    } | null;
                    id: string;
                    role: string;
                    sequence: number;
                    tool_call?: {
                        arguments: unknown;
                        duration_ms: number;
                        error?: string;
                        result?: unknown;
                        /** @enum {string} */
                        status: "ok" | "error" | "timeout" | "refused";
                        tool: string;
                    };
                    turn_number: number | null;
                }[];
                metadata: {
                    [key: string]: unknown;
                };
                notes?: {
                    author_name: string;
                    created_at: string;
                    text: string;
                }[];
                purged_at: string | null;
                rating: {
                    /** @description When the visitor gave it (the latest, if replaced) */
                    at: string;
                    comment: string | null;
                    score: number;
                } | null;
                resolution?: {
                    /** @enum {string} */
                    reason: "node" | "feedback" | "ended";
                    resolved_at: string;
                } | null;
                sentiment: {
                    /** @description When it was classified (moments after the conversation ended) */
                    at: string;
                    /** @enum {string} */
                    label: "positive" | "neutral" | "negative";
                    /** @enum {string} */
                    method: "llm" | "local";
                    score: number;
                } | null;
                session_id: string;
                status: string;
                total_turns: number;
                transcript_email: string | null;
                transcript_sent_at: string | null;
                transitions: {
                    condition: string | null;
                    created_at: string;
                    from_node: string;
                    from_node_name: string | null;
                    sequence: number;
                    to_node: string;
                    to_node_name: string | null;
                    turn_number: number;
                }[];
                user_id: string | null;
                variables: {
                    name: string;
                    turn_number: number;
                    updated_at: string;
                    value: string;
                }[];
                visitor_email: string | null;
                visitor_language?: string | null;
            }[];
            email: string;
            exported_at: string;
            inbox_events: ({
                data: {
                    accept_by: string | null;
                    agent_id: string;
                    assigned_at: string | null;
                    /** @enum {string} */
                    channel: "api" | "link";
                    claimed_at: string | null;
                    conversation_id: string;
                    escalation_id: string;
                    labels: string[];
                    last_message: string | null;
                    last_message_at: string | null;
                    offline: boolean;
                    operator: {
                        name: string;
                    } | null;
                    operator_member_id: string | null;
                    position: number | null;
                    preview: string | null;
                    reason: string;
                    /** @enum {string} */
                    state: "waiting" | "assigned" | "claimed" | "released" | "closed";
                    team: {
                        id: string;
                        name: string;
                    } | null;
                    transfers: components["schemas"]["InboxTransfer"][];
                    unread: number | null;
                    visitor: components["schemas"]["ConversationVisitor"];
                    waiting_since: string;
                };
                /** @enum {string} */
                event: "escalation";
                id: string;
            } | {
                data: {
                    attachments?: components["schemas"]["Attachment"][];
                    content: string;
                    conversation_id: string;
                    created_at: string;
                    escalation_id: string;
                    id: string;
                    notice?: string;
                    operator_member_id?: string | null;
                    operator_name?: string;
                    /** @enum {string} */
                    role: "user" | "assistant" | "operator" | "system";
                    team_id?: string | null;
                };
                /** @enum {string} */
                event: "message";
                id: string;
            } | {
                data: {
                    author_name: string;
                    conversation_id: string;
                    created_at: string;
                    escalation_id: string;
                    id: string;
                    operator_member_id?: string | null;
                    team_id?: string | null;
                    text: string;
                };
                /** @enum {string} */
                event: "note";
                id: string;
            } | {
                data: {
                    /** @enum {string} */
                    by: "visitor";
                    conversation_id: string;
                    escalation_id: string;
                    operator_member_id?: string | null;
                    /** @enum {string} */
                    state: "typing";
                    team_id?: string | null;
                };
                /** @enum {string} */
                event: "status";
                id: string;
            } | {
                data: {
                    message_id: string;
                    text: string;
                };
                /** @enum {string} */
                event: "delta";
                id: string;
            } | {
                data: {
                    attachments?: components["schemas"]["Attachment"][];
                    citations?: components["schemas"]["Citation"][];
                    content: string;
                    id: string;
                    notice?: string;
                    operator_name?: string;
                    /** @enum {string} */
                    role: "user" | "assistant" | "operator" | "system";
                };
                /** @enum {string} */
                event: "message";
                id: string;
            } | {
                data: {
                    /** @enum {string} */
                    by?: "operator";
                    label?: string;
                    operator_name?: string;
                    /** @enum {string} */
                    state: "thinking" | "typing" | "idle";
                };
                /** @enum {string} */
                event: "status";
                id: string;
            } | {
                data: {
                    estimated_wait_seconds: number | null;
                    id: string;
                    offline?: components["schemas"]["OfflineNotice"];
                    operator: {
                        name: string;
                    } | null;
                    position: number | null;
                    /** @enum {string} */
                    state: "waiting" | "assigned" | "claimed" | "released" | "closed";
                    team?: string;
                    transferred?: boolean;
                };
                /** @enum {string} */
                event: "escalation";
                id: string;
            } | {
                data: {
                    reason: string;
                };
                /** @enum {string} */
                event: "session_ended";
                id: string;
            })[];
            link_deliveries: {
                attempts: number;
                channel: string;
                created_at: string;
                finished_at: string | null;
                id: string;
                last_error: string | null;
                link_id: string;
                recipient: string;
                state: string;
            }[];
            links: {
                agent_id: string;
                created_at: string;
                deleted_at: string | null;
                id: string;
                title: string;
                variables: {
                    [key: string]: string;
                };
            }[];
            memories: {
                agent_id: string;
                created_at: string;
                messages_counted: number;
                summarised_at: string | null;
                summary: string | null;
                updated_at: string;
                visitor: string;
            }[];
            schedules: {
                id: string;
                name: string;
                recipients: {
                    [key: string]: unknown;
                }[];
                run_errors: {
                    channel: string | null;
                    email: string | null;
                    error: string;
                    slot_at: string;
                    to: string | null;
                }[];
                send_channels: {
                    [key: string]: unknown;
                }[];
            }[];
            tenant_id: string;
            verifications: {
                attempts: number;
                consumed_at: string | null;
                created_at: string;
                email: string;
                expires_at: string;
                link_id: string;
                sends: number;
            }[];
            webhook_deliveries: {
                body: string;
                created_at: string;
                event_type: string;
                id: string;
                state: string;
                webhook_id: string;
            }[];
        };
        /**
         * @example {
         *       "success": true,
         *       "conversation_id": "conversation-id",
         *       "final_node_id": "final-node-id",
         *       "final_node_name": "final-node-name",
         *       "total_turns": 1,
         *       "total_transitions": 1
         *     }
         */
        EndSessionResponse: {
            conversation_id: string;
            final_node_id: string;
            final_node_name: string | null;
            success: boolean;
            total_transitions: number;
            total_turns: number;
        };
        /**
         * @example {
         *       "erased": {
         *         "conversations": 1,
         *         "messages": 1,
         *         "memories": 1
         *       }
         *     }
         */
        ErasureResult: {
            erased: {
                conversations: number;
                memories: number;
                messages: number;
            };
        };
        /**
         * @description An error answer: one status per code (docs/api.md)
         * @example {
         *       "error": {
         *         "code": "invalid",
         *         "message": "body.content: content must be 1 to 10,000 characters",
         *         "details": [
         *           {
         *             "path": "body.content",
         *             "message": "content must be 1 to 10,000 characters"
         *           }
         *         ],
         *         "request_id": "req_SWbntms70"
         *       }
         *     }
         */
        Error: {
            error: {
                /**
                 * @description Stable; what went wrong for the caller
                 * @enum {string}
                 */
                code: "invalid" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "gone" | "expired" | "payload_too_large" | "unsupported_media_type" | "request_timeout" | "headers_too_large" | "rate_limited" | "quota_exceeded" | "content_blocked" | "unavailable" | "internal";
                /** @description Which fields or which check, when the code alone does not say */
                details?: unknown;
                /** @description For people; may change */
                message: string;
                /** @description The X-Request-Id of the answer */
                request_id: string;
            };
        };
        /**
         * @example {
         *       "reason": "reason"
         *     }
         */
        EscalateRequest: {
            metadata?: {
                [key: string]: string | number | boolean | null;
            };
            reason: string;
        };
        /**
         * @example {
         *       "id": "esc_Wd4Lm8Qx2TvZ9kBn",
         *       "reason": "The customer asked for a person",
         *       "state": "claimed",
         *       "created_at": "2026-03-02T09:35:00.000Z",
         *       "claimed_at": "2026-03-02T09:36:10.000Z",
         *       "closed_at": null,
         *       "operator": {
         *         "name": "Grace"
         *       }
         *     }
         */
        Escalation: {
            claimed_at: string | null;
            closed_at: string | null;
            created_at: string;
            id: string;
            operator: {
                name: string;
            } | null;
            reason: string;
            /** @enum {string} */
            state: "waiting" | "assigned" | "claimed" | "released" | "closed";
        };
        /**
         * @example {
         *       "escalation": {
         *         "id": "id",
         *         "conversation_id": "conversation-id",
         *         "state": "waiting",
         *         "reason": "reason",
         *         "created_at": "2026-03-02T09:30:00.000Z",
         *         "position": 1,
         *         "estimated_wait_seconds": 1
         *       }
         *     }
         */
        EscalationCreated: {
            escalation: {
                conversation_id: string;
                created_at: string;
                estimated_wait_seconds: number | null;
                id: string;
                position: number | null;
                reason: string;
                /** @enum {string} */
                state: "waiting" | "assigned" | "claimed" | "released" | "closed";
                team?: string | null;
            };
            offline?: components["schemas"]["OfflineNotice"];
        };
        /**
         * @example {
         *       "escalations": [
         *         {
         *           "id": "esc_Wd4Lm8Qx2TvZ9kBn",
         *           "reason": "The customer asked for a person",
         *           "state": "claimed",
         *           "created_at": "2026-03-02T09:35:00.000Z",
         *           "claimed_at": "2026-03-02T09:36:10.000Z",
         *           "closed_at": null,
         *           "operator": {
         *             "name": "Grace"
         *           }
         *         }
         *       ]
         *     }
         */
        EscalationList: {
            escalations: components["schemas"]["Escalation"][];
        };
        /**
         * @example {
         *       "to": "2026-03-02T09:30:00.000Z",
         *       "channel": "channel",
         *       "error": "error"
         *     }
         */
        FailedDelivery: {
            channel: string;
            email?: string;
            error: string;
            to: string;
        };
        /**
         * @example {
         *       "secret": "secret"
         *     }
         */
        IdentitySecret: {
            /** @description The HMAC key for user_hash, exactly as given (64 hex characters); shown once */
            secret: string;
        };
        /**
         * @example {
         *       "escalation_id": "esc_Wd4Lm8Qx2TvZ9kBn",
         *       "conversation_id": "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
         *       "agent": "order-desk",
         *       "channel": "link",
         *       "reason": "The customer asked for a person",
         *       "state": "waiting",
         *       "waiting_since": "2026-03-02T09:35:00.000Z",
         *       "claimed_at": null,
         *       "operator": null,
         *       "operator_member_id": null,
         *       "team": null,
         *       "assigned_at": null,
         *       "accept_by": null,
         *       "offline": false,
         *       "last_message": "Can I talk to someone, please?",
         *       "last_message_at": "2026-03-02T09:34:58.000Z",
         *       "visitor": {
         *         "name": "Ada",
         *         "email": "ada@example.com"
         *       },
         *       "preview": "Can I talk to someone, please?",
         *       "unread": 1,
         *       "labels": [
         *         "delivery"
         *       ],
         *       "position": 1,
         *       "transfers": []
         *     }
         */
        InboxItem: {
            accept_by: string | null;
            agent: string;
            assigned_at: string | null;
            /** @enum {string} */
            channel: "api" | "link";
            claimed_at: string | null;
            conversation_id: string;
            escalation_id: string;
            labels: string[];
            last_message: string | null;
            last_message_at: string | null;
            offline: boolean;
            operator: {
                name: string;
            } | null;
            operator_member_id: string | null;
            position: number | null;
            preview: string | null;
            reason: string;
            /** @enum {string} */
            state: "waiting" | "assigned" | "claimed" | "released" | "closed";
            team: {
                id: string;
                name: string;
            } | null;
            transfers: components["schemas"]["InboxTransfer"][];
            unread: number | null;
            visitor: components["schemas"]["ConversationVisitor"];
            waiting_since: string;
        };
        /**
         * @example {
         *       "item": {
         *         "escalation_id": "esc_Wd4Lm8Qx2TvZ9kBn",
         *         "conversation_id": "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
         *         "agent": "order-desk",
         *         "channel": "link",
         *         "reason": "The customer asked for a person",
         *         "state": "waiting",
         *         "waiting_since": "2026-03-02T09:35:00.000Z",
         *         "claimed_at": null,
         *         "operator": null,
         *         "operator_member_id": null,
         *         "team": null,
         *         "assigned_at": null,
         *         "accept_by": null,
         *         "offline": false,
         *         "last_message": "Can I talk to someone, please?",
         *         "last_message_at": "2026-03-02T09:34:58.000Z",
         *         "visitor": {
         *           "name": "Ada",
         *           "email": "ada@example.com"
         *         },
         *         "preview": "Can I talk to someone, please?",
         *         "unread": 1,
         *         "labels": [
         *           "delivery"
         *         ],
         *         "position": 1,
         *         "transfers": []
         *       }
         *     }
         */
        InboxItemAnswer: {
            item: components["schemas"]["InboxItem"];
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "escalation_id": "esc_Wd4Lm8Qx2TvZ9kBn",
         *           "conversation_id": "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
         *           "agent": "order-desk",
         *           "channel": "link",
         *           "reason": "The customer asked for a person",
         *           "state": "waiting",
         *           "waiting_since": "2026-03-02T09:35:00.000Z",
         *           "claimed_at": null,
         *           "operator": null,
         *           "operator_member_id": null,
         *           "team": null,
         *           "assigned_at": null,
         *           "accept_by": null,
         *           "offline": false,
         *           "last_message": "Can I talk to someone, please?",
         *           "last_message_at": "2026-03-02T09:34:58.000Z",
         *           "visitor": {
         *             "name": "Ada",
         *             "email": "ada@example.com"
         *           },
         *           "preview": "Can I talk to someone, please?",
         *           "unread": 1,
         *           "labels": [
         *             "delivery"
         *           ],
         *           "position": 1,
         *           "transfers": []
         *         }
         *       ]
         *     }
         */
        InboxList: {
            items: components["schemas"]["InboxItem"][];
        };
        /**
         * @example {
         *       "from": "2026-03-02T09:30:00.000Z",
         *       "to": "2026-03-02T09:30:00.000Z",
         *       "to_team": "to-team",
         *       "note": "note",
         *       "at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        InboxTransfer: {
            at: string;
            from: string | null;
            note: string | null;
            to: string | null;
            to_team: string | null;
        };
        /**
         * @example {
         *       "id": "kb_Fq7Lm2Xv9TzR",
         *       "name": "Shipping and returns",
         *       "language": "english",
         *       "threshold": 0.35,
         *       "documents": 12,
         *       "chunks": 284,
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-09T14:05:12.000Z"
         *     }
         */
        KnowledgeBase: {
            chunks: number;
            created_at: string;
            documents: number;
            id: string;
            /** @enum {string} */
            language: "simple" | "arabic" | "danish" | "dutch" | "english" | "finnish" | "french" | "german" | "greek" | "hungarian" | "indonesian" | "irish" | "italian" | "lithuanian" | "nepali" | "norwegian" | "portuguese" | "romanian" | "russian" | "spanish" | "swedish" | "tamil" | "turkish";
            name: string;
            threshold: number;
            updated_at: string;
        };
        /**
         * @example {
         *       "knowledge_bases": [
         *         {
         *           "id": "kb_Fq7Lm2Xv9TzR",
         *           "name": "Shipping and returns",
         *           "language": "english",
         *           "threshold": 0.35,
         *           "documents": 12,
         *           "chunks": 284,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-09T14:05:12.000Z"
         *         }
         *       ]
         *     }
         */
        KnowledgeBaseList: {
            knowledge_bases: components["schemas"]["KnowledgeBase"][];
        };
        /**
         * @example {
         *       "id": "doc_Bz4Kq8Wm1XvT",
         *       "knowledge_base_id": "kb_Fq7Lm2Xv9TzR",
         *       "title": "Returns policy",
         *       "url": "https://acme.example/help/returns",
         *       "media_type": "text/html",
         *       "status": "ready",
         *       "chunks": 18,
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        KnowledgeDocument: {
            chunks: number;
            created_at: string;
            error?: string;
            id: string;
            knowledge_base_id: string;
            media_type: string;
            /** @enum {string} */
            status: "processing" | "ready" | "failed";
            title: string;
            updated_at: string;
            url?: string;
        };
        /**
         * @example {
         *       "documents": [
         *         {
         *           "id": "doc_Bz4Kq8Wm1XvT",
         *           "knowledge_base_id": "kb_Fq7Lm2Xv9TzR",
         *           "title": "Returns policy",
         *           "url": "https://acme.example/help/returns",
         *           "media_type": "text/html",
         *           "status": "ready",
         *           "chunks": 18,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        KnowledgeDocumentList: {
            documents: components["schemas"]["KnowledgeDocument"][];
        };
        /**
         * @example {
         *       "question": "question",
         *       "bases": [
         *         "bases"
         *       ],
         *       "conversation_id": "conversation-id",
         *       "created_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        KnowledgeGap: {
            bases: string[];
            conversation_id: string;
            created_at: string;
            question: string;
        };
        /**
         * @example {
         *       "gaps": [
         *         {
         *           "question": "question",
         *           "bases": [
         *             "bases"
         *           ],
         *           "conversation_id": "conversation-id",
         *           "created_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        KnowledgeGapList: {
            gaps: components["schemas"]["KnowledgeGap"][];
        };
        /**
         * @example {
         *       "document_id": "doc_AAAAAAAA",
         *       "knowledge_base_id": "kb_AAAAAAAA",
         *       "title": "title",
         *       "chunk_id": "chunk-id",
         *       "text": "text",
         *       "score": 1
         *     }
         */
        KnowledgePassage: {
            chunk_id: string;
            document_id: string;
            heading?: string;
            knowledge_base_id: string;
            score: number;
            text: string;
            title: string;
            url?: string;
        };
        /**
         * @example {
         *       "results": [
         *         {
         *           "document_id": "doc_AAAAAAAA",
         *           "knowledge_base_id": "kb_AAAAAAAA",
         *           "title": "title",
         *           "chunk_id": "chunk-id",
         *           "text": "text",
         *           "score": 1
         *         }
         *       ]
         *     }
         */
        KnowledgeSearchResults: {
            results: components["schemas"]["KnowledgePassage"][];
        };
        /**
         * @example {
         *       "id": "lnk_Q7v2KpX9mR4tWz1B",
         *       "agent": "order-desk",
         *       "title": "Order help",
         *       "description": "Questions about an order you placed",
         *       "welcome_message": "Hi {{name}}, how can we help with your order?",
         *       "expires_at": "2026-03-09T09:30:00.000Z",
         *       "max_sessions": 500,
         *       "max_messages_per_session": 50,
         *       "session_timeout_minutes": 30,
         *       "rate_limit_per_minute": 10,
         *       "rate_limit_per_link_per_minute": null,
         *       "require_email_verification": false,
         *       "require_identity": false,
         *       "has_identity_secret": false,
         *       "identity_token_required": false,
         *       "allowed_origins": [
         *         "https://shop.acme.example"
         *       ],
         *       "ip_allow": [],
         *       "ip_deny": [],
         *       "has_passcode": false,
         *       "active": true,
         *       "retention_days": 90,
         *       "variables": {
         *         "name": "Ada"
         *       },
         *       "uploads": null,
         *       "theme": {
         *         "brand_color": "#1d4ed8",
         *         "mode": "auto"
         *       },
         *       "locale": "en",
         *       "content_rules": null,
         *       "country_allow": [],
         *       "country_deny": [],
         *       "budget": null,
         *       "budget_exhausted_message": null,
         *       "challenge": null,
         *       "team": null,
         *       "offer_person": "never",
         *       "transcript_to_tenant": false,
         *       "version": null,
         *       "split": null,
         *       "state": "active",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        Link: {
            active: boolean;
            agent: string;
            allowed_origins: string[];
            budget: components["schemas"]["LinkBudget"] | null;
            budget_exhausted_message: string | null;
            challenge: "pow" | null;
            content_rules: components["schemas"]["ContentRules"] | null;
            country_allow: string[];
            country_deny: string[];
            created_at: string;
            description: string | null;
            expires_at: string | null;
            has_identity_secret: boolean;
            has_passcode: boolean;
            id: string;
            identity_token_required: boolean;
            ip_allow: string[];
            ip_deny: string[];
            locale: string | null;
            max_messages_per_session: number | null;
            max_sessions: number | null;
            offer_person: string;
            rate_limit_per_link_per_minute: number | null;
            rate_limit_per_minute: number | "adaptive";
            require_email_verification: boolean;
            require_identity: boolean;
            retention_days: number | null;
            session_timeout_minutes: number;
            split: {
                version: number;
                weight: number;
            }[] | null;
            /** @enum {string} */
            state: "active" | "expired" | "inactive";
            team: string | null;
            theme: components["schemas"]["LinkTheme"] | null;
            title: string;
            transcript_to_tenant: boolean;
            updated_at: string;
            uploads: components["schemas"]["LinkUploads"] | null;
            variables: {
                [key: string]: string;
            };
            version: number | null;
            welcome_message: string | null;
        };
        /**
         * @example {
         *       "tokens_per_day": 1
         *     }
         */
        LinkBudget: {
            tokens_per_day?: number;
            tokens_per_visitor_per_day?: number;
        };
        /**
         * @example {
         *       "title": "title"
         *     }
         */
        LinkChanges: {
            active?: boolean;
            allowed_origins?: string[];
            budget?: components["schemas"]["LinkBudget"] | null;
            budget_exhausted_message?: string | null;
            challenge?: "pow" | null;
            content_rules?: components["schemas"]["ContentRulesInput"] | null;
            country_allow?: string[];
            country_deny?: string[];
            description?: string | null;
            expires_at?: string | null;
            expires_in_hours?: number;
            identity_token_required?: boolean;
            ip_allow?: string[];
            ip_deny?: string[];
            locale?: string | null;
            max_messages_per_session?: number | null;
            max_sessions?: number | null;
            offer_person?: ("always" | "never") | string;
            passcode?: string | null;
            /** @description Messages per minute across all the link's sessions together, past it 429 `rate_limited` with `details.limit: "link"`; null or absent: no cap on the whole link (on an adaptive link: 600) */
            rate_limit_per_link_per_minute?: number | null;
            /** @description Messages per minute of each session of the link (default 10; PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE is the ceiling: the lower applies), past it 429 `rate_limited` with `details.limit: "session"`; or `"adaptive"`: 600 per minute across the link, and each address's and session's own limit tightens as they misbehave */
            rate_limit_per_minute?: number | "adaptive";
            require_email_verification?: boolean;
            require_identity?: boolean;
            retention_days?: number | null;
            session_timeout_minutes?: number;
            team?: string | null;
            theme?: components["schemas"]["LinkThemeInput"] | null;
            title?: string;
            transcript_to_tenant?: boolean;
            uploads?: components["schemas"]["UploadSettings"] | null;
            variables?: {
                [key: string]: string;
            };
            welcome_message?: string | null;
        };
        /**
         * @example {
         *       "id": "ldl_Zk2Xw9QmT4vB7nLp1RsYcA",
         *       "link_id": "lnk_Q7v2KpX9mR4tWz1B",
         *       "channel": "email",
         *       "to": "ada@example.com",
         *       "state": "sent",
         *       "attempts": 1,
         *       "last_error": null,
         *       "response_code": null,
         *       "next_attempt_at": null,
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "finished_at": "2026-03-02T09:30:02.000Z"
         *     }
         */
        LinkDelivery: {
            attempts: number;
            /** @enum {string} */
            channel: "email" | "slack" | "teams" | "sms";
            created_at: string;
            finished_at: string | null;
            id: string;
            last_error: string | null;
            link_id: string;
            next_attempt_at: string | null;
            response_code: number | null;
            /** @enum {string} */
            state: "pending" | "sent" | "failed";
            to: string;
        };
        /**
         * @example {
         *       "deliveries": [
         *         {
         *           "id": "ldl_Zk2Xw9QmT4vB7nLp1RsYcA",
         *           "link_id": "lnk_Q7v2KpX9mR4tWz1B",
         *           "channel": "email",
         *           "to": "ada@example.com",
         *           "state": "sent",
         *           "attempts": 1,
         *           "last_error": null,
         *           "response_code": null,
         *           "next_attempt_at": null,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "finished_at": "2026-03-02T09:30:02.000Z"
         *         }
         *       ]
         *     }
         */
        LinkDeliveryList: {
            deliveries: components["schemas"]["LinkDelivery"][];
        };
        /**
         * @example {
         *       "links": [
         *         {
         *           "id": "lnk_Q7v2KpX9mR4tWz1B",
         *           "agent": "order-desk",
         *           "title": "Order help",
         *           "description": "Questions about an order you placed",
         *           "welcome_message": "Hi {{name}}, how can we help with your order?",
         *           "expires_at": "2026-03-09T09:30:00.000Z",
         *           "max_sessions": 500,
         *           "max_messages_per_session": 50,
         *           "session_timeout_minutes": 30,
         *           "rate_limit_per_minute": 10,
         *           "rate_limit_per_link_per_minute": null,
         *           "require_email_verification": false,
         *           "require_identity": false,
         *           "has_identity_secret": false,
         *           "identity_token_required": false,
         *           "allowed_origins": [
         *             "https://shop.acme.example"
         *           ],
         *           "ip_allow": [],
         *           "ip_deny": [],
         *           "has_passcode": false,
         *           "active": true,
         *           "retention_days": 90,
         *           "variables": {
         *             "name": "Ada"
         *           },
         *           "uploads": null,
         *           "theme": {
         *             "brand_color": "#1d4ed8",
         *             "mode": "auto"
         *           },
         *           "locale": "en",
         *           "content_rules": null,
         *           "country_allow": [],
         *           "country_deny": [],
         *           "budget": null,
         *           "budget_exhausted_message": null,
         *           "challenge": null,
         *           "team": null,
         *           "offer_person": "never",
         *           "transcript_to_tenant": false,
         *           "version": null,
         *           "split": null,
         *           "state": "active",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z",
         *           "usage": {
         *             "sessions": 42,
         *             "messages": 318,
         *             "last_activity_at": "2026-03-09T14:05:12.000Z"
         *           }
         *         }
         *       ]
         *     }
         */
        LinkList: {
            links: components["schemas"]["LinkWithUsage"][];
        };
        /**
         * @example {
         *       "conversation_id": "conversation-id",
         *       "version": 1,
         *       "status": "active",
         *       "visitor_email": "ada@example.com",
         *       "user_messages": 1,
         *       "total_turns": 1,
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z",
         *       "ended_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        LinkSession: {
            conversation_id: string;
            created_at: string;
            ended_at: string | null;
            /** @enum {string} */
            status: "active" | "completed" | "abandoned" | "error";
            total_turns: number;
            updated_at: string;
            user_messages: number;
            version: number;
            visitor_email: string | null;
        };
        /**
         * @example {
         *       "sessions": [
         *         {
         *           "conversation_id": "conversation-id",
         *           "version": 1,
         *           "status": "active",
         *           "visitor_email": "ada@example.com",
         *           "user_messages": 1,
         *           "total_turns": 1,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z",
         *           "ended_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        LinkSessionList: {
            sessions: components["schemas"]["LinkSession"][];
        };
        /**
         * @example {
         *       "title": "title"
         *     }
         */
        LinkSettings: {
            active?: boolean;
            allowed_origins?: string[];
            budget?: components["schemas"]["LinkBudget"] | null;
            budget_exhausted_message?: string | null;
            challenge?: "pow" | null;
            content_rules?: components["schemas"]["ContentRulesInput"] | null;
            country_allow?: string[];
            country_deny?: string[];
            description?: string | null;
            expires_at?: string | null;
            expires_in_hours?: number;
            identity_token_required?: boolean;
            ip_allow?: string[];
            ip_deny?: string[];
            locale?: string | null;
            max_messages_per_session?: number | null;
            max_sessions?: number | null;
            offer_person?: ("always" | "never") | string;
            passcode?: string | null;
            /** @description Messages per minute across all the link's sessions together, past it 429 `rate_limited` with `details.limit: "link"`; null or absent: no cap on the whole link (on an adaptive link: 600) */
            rate_limit_per_link_per_minute?: number | null;
            /** @description Messages per minute of each session of the link (default 10; PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE is the ceiling: the lower applies), past it 429 `rate_limited` with `details.limit: "session"`; or `"adaptive"`: 600 per minute across the link, and each address's and session's own limit tightens as they misbehave */
            rate_limit_per_minute?: number | "adaptive";
            require_email_verification?: boolean;
            require_identity?: boolean;
            retention_days?: number | null;
            session_timeout_minutes?: number;
            team?: string | null;
            theme?: components["schemas"]["LinkThemeInput"] | null;
            title?: string;
            transcript_to_tenant?: boolean;
            uploads?: components["schemas"]["UploadSettings"] | null;
            variables?: {
                [key: string]: string;
            };
            welcome_message?: string | null;
        };
        /**
         * @example {
         *       "name": "name",
         *       "description": "description",
         *       "settings": {},
         *       "built_in": true,
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        LinkTemplate: {
            built_in: boolean;
            created_at: string | null;
            description: string | null;
            name: string;
            settings: {
                [key: string]: unknown;
            };
            updated_at: string | null;
        };
        /**
         * @example {
         *       "templates": [
         *         {
         *           "name": "name",
         *           "description": "description",
         *           "settings": {},
         *           "built_in": true,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        LinkTemplateList: {
            templates: components["schemas"]["LinkTemplate"][];
        };
        /**
         * @example {
         *       "mode": "light"
         *     }
         */
        LinkTheme: {
            avatar_url?: string;
            brand_color?: string;
            logo_url?: string;
            /**
             * @default auto
             * @enum {string}
             */
            mode: "light" | "dark" | "auto";
        };
        /**
         * @example {
         *       "brand_color": "#000000"
         *     }
         */
        LinkThemeInput: {
            avatar_url?: string;
            brand_color?: string;
            logo_url?: string;
            /**
             * @default auto
             * @enum {string}
             */
            mode?: "light" | "dark" | "auto";
        };
        /**
         * @example {
         *       "enabled": true,
         *       "max_bytes": 1,
         *       "types": [
         *         "types"
         *       ]
         *     }
         */
        LinkUploads: {
            enabled: boolean;
            max_bytes: number;
            types: string[];
        };
        /**
         * @example {
         *       "sessions": 1,
         *       "messages": 1,
         *       "last_activity_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        LinkUsage: {
            last_activity_at: string | null;
            messages: number;
            sessions: number;
        };
        /**
         * @example {
         *       "id": "lnk_Q7v2KpX9mR4tWz1B",
         *       "agent": "order-desk",
         *       "title": "Order help",
         *       "description": "Questions about an order you placed",
         *       "welcome_message": "Hi {{name}}, how can we help with your order?",
         *       "expires_at": "2026-03-09T09:30:00.000Z",
         *       "max_sessions": 500,
         *       "max_messages_per_session": 50,
         *       "session_timeout_minutes": 30,
         *       "rate_limit_per_minute": 10,
         *       "rate_limit_per_link_per_minute": null,
         *       "require_email_verification": false,
         *       "require_identity": false,
         *       "has_identity_secret": false,
         *       "identity_token_required": false,
         *       "allowed_origins": [
         *         "https://shop.acme.example"
         *       ],
         *       "ip_allow": [],
         *       "ip_deny": [],
         *       "has_passcode": false,
         *       "active": true,
         *       "retention_days": 90,
         *       "variables": {
         *         "name": "Ada"
         *       },
         *       "uploads": null,
         *       "theme": {
         *         "brand_color": "#1d4ed8",
         *         "mode": "auto"
         *       },
         *       "locale": "en",
         *       "content_rules": null,
         *       "country_allow": [],
         *       "country_deny": [],
         *       "budget": null,
         *       "budget_exhausted_message": null,
         *       "challenge": null,
         *       "team": null,
         *       "offer_person": "never",
         *       "transcript_to_tenant": false,
         *       "version": null,
         *       "split": null,
         *       "state": "active",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z",
         *       "usage": {
         *         "sessions": 42,
         *         "messages": 318,
         *         "last_activity_at": "2026-03-09T14:05:12.000Z"
         *       }
         *     }
         */
        LinkWithUsage: {
            active: boolean;
            agent: string;
            allowed_origins: string[];
            budget: components["schemas"]["LinkBudget"] | null;
            budget_exhausted_message: string | null;
            challenge: "pow" | null;
            content_rules: components["schemas"]["ContentRules"] | null;
            country_allow: string[];
            country_deny: string[];
            created_at: string;
            description: string | null;
            expires_at: string | null;
            has_identity_secret: boolean;
            has_passcode: boolean;
            id: string;
            identity_token_required: boolean;
            ip_allow: string[];
            ip_deny: string[];
            locale: string | null;
            max_messages_per_session: number | null;
            max_sessions: number | null;
            offer_person: string;
            rate_limit_per_link_per_minute: number | null;
            rate_limit_per_minute: number | "adaptive";
            require_email_verification: boolean;
            require_identity: boolean;
            retention_days: number | null;
            session_timeout_minutes: number;
            split: {
                version: number;
                weight: number;
            }[] | null;
            /** @enum {string} */
            state: "active" | "expired" | "inactive";
            team: string | null;
            theme: components["schemas"]["LinkTheme"] | null;
            title: string;
            transcript_to_tenant: boolean;
            updated_at: string;
            uploads: components["schemas"]["LinkUploads"] | null;
            usage: components["schemas"]["LinkUsage"];
            variables: {
                [key: string]: string;
            };
            version: number | null;
            welcome_message: string | null;
        };
        /**
         * @example {
         *       "jsonrpc": "2.0"
         *     }
         */
        McpJsonRpcMessage: {
            /** @description A request’s id, which its answer carries; absent on a notification */
            id?: string | number;
            /** @enum {string} */
            jsonrpc: "2.0";
            /** @description A request’s or notification’s method: `initialize`, `tools/list`, `tools/call` …; absent on a response */
            method?: string;
            /** @description The method’s parameters, as the MCP specification gives them */
            params?: unknown;
        } & {
            [key: string]: unknown;
        };
        /**
         * @example {
         *       "actor": {
         *         "kind": "admin",
         *         "id": "id",
         *         "name": "name"
         *       },
         *       "role": "owner",
         *       "tenant_id": "tenant-id",
         *       "email": "ada@example.com",
         *       "csrf_token": "csrf-token"
         *     }
         */
        Me: {
            actor: {
                id: string | null;
                /** @enum {string} */
                kind: "admin" | "key" | "member";
                name: string;
            };
            csrf_token: string | null;
            email: string | null;
            /** @enum {string} */
            role: "owner" | "editor" | "operator" | "viewer";
            tenant_id: string | null;
        };
        /**
         * @example {
         *       "member_id": "mem_Hq4Zr8Tn2LwX",
         *       "email": "grace@acme.example",
         *       "name": "Grace",
         *       "role": "operator",
         *       "created_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        Member: {
            created_at: string;
            email: string;
            member_id: string;
            name: string;
            /** @enum {string} */
            role: "owner" | "editor" | "operator" | "viewer";
        };
        /**
         * @example {
         *       "members": [
         *         {
         *           "member_id": "mem_Hq4Zr8Tn2LwX",
         *           "email": "grace@acme.example",
         *           "name": "Grace",
         *           "role": "operator",
         *           "created_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        MemberList: {
            members: components["schemas"]["Member"][];
        };
        /**
         * @example {
         *       "session": "session",
         *       "rating": "up"
         *     }
         */
        MessageFeedbackRequest: {
            /** @description What the visitor adds in their own words; at most 2000 characters (Unicode code points) */
            comment?: string;
            /**
             * @description `up` or `down`; a later one on the same message replaces it
             * @enum {string}
             */
            rating: "up" | "down";
            /** @description The session credential (`pcs_…`) */
            session: string;
        };
        /**
         * @example {
         *       "message_id": "message-id",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "escalation": {
         *         "id": "id",
         *         "state": "waiting",
         *         "position": 1,
         *         "estimated_wait_seconds": 1
         *       }
         *     }
         */
        OfflineMessageLeft: {
            created_at: string;
            escalation: {
                estimated_wait_seconds: number | null;
                id: string;
                position: number | null;
                /** @enum {string} */
                state: "waiting" | "assigned" | "claimed" | "released" | "closed";
            };
            message_id: string;
        };
        /**
         * @example {
         *       "session": "session",
         *       "email": "ada@example.com",
         *       "content": "content"
         *     }
         */
        OfflineMessageRequest: {
            content: string;
            /** Format: email */
            email: string;
            session: string;
        };
        /**
         * @example {
         *       "message": "message",
         *       "ask_email": true,
         *       "reason": "closed",
         *       "opens_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        OfflineNotice: {
            /** @enum {boolean} */
            ask_email: true;
            message: string;
            opens_at: string | null;
            /** @enum {string} */
            reason: "closed" | "nobody_online";
        };
        /**
         * @example {
         *       "content": "content"
         *     }
         */
        OperatorMessageRequest: {
            /** @description 1 to 10,000 characters (Unicode code points) */
            content: string;
        };
        /**
         * @example {
         *       "message_id": "message-id",
         *       "created_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        OperatorMessageSent: {
            created_at: string;
            message_id: string;
        };
        /**
         * @example {
         *       "operators": [
         *         {
         *           "member_id": "member-id",
         *           "name": "name",
         *           "status": "online",
         *           "open": 1,
         *           "teams": [
         *             "teams"
         *           ]
         *         }
         *       ]
         *     }
         */
        OperatorPresenceList: {
            operators: {
                member_id: string;
                name: string;
                open: number;
                /** @enum {string} */
                status: "online" | "away" | "offline";
                teams: string[];
            }[];
        };
        /**
         * @example {
         *       "erased": {
         *         "link_deliveries": 1,
         *         "schedules": 1
         *       }
         *     }
         */
        PhoneErasureResult: {
            erased: {
                link_deliveries: number;
                schedules: number;
            };
        };
        /**
         * @example {
         *       "phone": "phone",
         *       "tenant_id": "tenant-id",
         *       "exported_at": "2026-03-02T09:30:00.000Z",
         *       "memories": [
         *         {
         *           "agent_id": "agent-id",
         *           "visitor": "visitor",
         *           "summary": "summary",
         *           "messages_counted": 1,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z",
         *           "summarised_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "verifications": [
         *         {
         *           "link_id": "link-id",
         *           "email": "ada@example.com",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "expires_at": "2026-03-02T09:30:00.000Z",
         *           "consumed_at": "2026-03-02T09:30:00.000Z",
         *           "attempts": 1,
         *           "sends": 1
         *         }
         *       ],
         *       "links": [
         *         {
         *           "id": "id",
         *           "agent_id": "agent-id",
         *           "title": "title",
         *           "variables": {},
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "deleted_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "link_deliveries": [
         *         {
         *           "id": "id",
         *           "link_id": "link-id",
         *           "channel": "channel",
         *           "recipient": "recipient",
         *           "state": "state",
         *           "attempts": 1,
         *           "last_error": "last-error",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "finished_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "schedules": [
         *         {
         *           "id": "id",
         *           "name": "name",
         *           "recipients": [
         *             {}
         *           ],
         *           "send_channels": [
         *             {}
         *           ],
         *           "run_errors": [
         *             {
         *               "slot_at": "2026-03-02T09:30:00.000Z",
         *               "email": "ada@example.com",
         *               "to": "2026-03-02T09:30:00.000Z",
         *               "channel": "channel",
         *               "error": "error"
         *             }
         *           ]
         *         }
         *       ],
         *       "conversations": [
         *         {
         *           "id": "id",
         *           "session_id": "session-id",
         *           "channel": "channel",
         *           "link_id": "link-id",
         *           "agent_id": "agent-id",
         *           "status": "status",
         *           "visitor_email": "ada@example.com",
         *           "user_id": "user-id",
         *           "metadata": {},
         *           "collected_data": {},
         *           "total_turns": 1,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "ended_at": "2026-03-02T09:30:00.000Z",
         *           "purged_at": "2026-03-02T09:30:00.000Z",
         *           "transcript_email": "ada@example.com",
         *           "transcript_sent_at": "2026-03-02T09:30:00.000Z",
         *           "variables": [
         *             {
         *               "name": "name",
         *               "value": "value",
         *               "turn_number": 1,
         *               "updated_at": "2026-03-02T09:30:00.000Z"
         *             }
         *           ],
         *           "escalations": [
         *             {
         *               "id": "id",
         *               "reason": "reason",
         *               "metadata": {},
         *               "state": "state",
         *               "created_at": "2026-03-02T09:30:00.000Z",
         *               "claimed_at": "2026-03-02T09:30:00.000Z",
         *               "closed_at": "2026-03-02T09:30:00.000Z",
         *               "operator_name": "operator-name",
         *               "offline_email": "ada@example.com"
         *             }
         *           ],
         *           "rating": {
         *             "score": 1,
         *             "comment": "comment",
         *             "at": "2026-03-02T09:30:00.000Z"
         *           },
         *           "sentiment": {
         *             "score": 1,
         *             "label": "positive",
         *             "method": "llm",
         *             "at": "2026-03-02T09:30:00.000Z"
         *           },
         *           "messages": [
         *             {
         *               "id": "id",
         *               "sequence": 1,
         *               "role": "role",
         *               "content": "content",
         *               "turn_number": 1,
         *               "author_name": "author-name",
         *               "created_at": "2026-03-02T09:30:00.000Z",
         *               "feedback": {
         *                 "rating": "up",
         *                 "comment": "comment",
         *                 "at": "2026-03-02T09:30:00.000Z"
         *               }
         *             }
         *           ],
         *           "transitions": [
         *             {
         *               "turn_number": 1,
         *               "sequence": 1,
         *               "from_node": "from-node",
         *               "from_node_name": "from-node-name",
         *               "to_node": "to-node",
         *               "to_node_name": "to-node-name",
         *               "condition": "condition",
         *               "created_at": "2026-03-02T09:30:00.000Z"
         *             }
         *           ]
         *         }
         *       ],
         *       "webhook_deliveries": [
         *         {
         *           "id": "id",
         *           "webhook_id": "webhook-id",
         *           "event_type": "event-type",
         *           "state": "state",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "body": "body"
         *         }
         *       ],
         *       "inbox_events": [
         *         {
         *           "id": "id",
         *           "event": "escalation",
         *           "data": {
         *             "escalation_id": "escalation-id",
         *             "conversation_id": "conversation-id",
         *             "channel": "api",
         *             "reason": "reason",
         *             "state": "waiting",
         *             "waiting_since": "waiting-since",
         *             "claimed_at": "2026-03-02T09:30:00.000Z",
         *             "operator": {
         *               "name": "name"
         *             },
         *             "operator_member_id": "operator-member-id",
         *             "team": {
         *               "id": "id",
         *               "name": "name"
         *             },
         *             "assigned_at": "2026-03-02T09:30:00.000Z",
         *             "accept_by": "accept-by",
         *             "offline": true,
         *             "last_message": "last-message",
         *             "last_message_at": "2026-03-02T09:30:00.000Z",
         *             "visitor": {
         *               "name": "name",
         *               "email": "ada@example.com"
         *             },
         *             "preview": "preview",
         *             "unread": 1,
         *             "labels": [
         *               "labels"
         *             ],
         *             "position": 1,
         *             "transfers": [
         *               {
         *                 "from": "2026-03-02T09:30:00.000Z",
         *                 "to": "2026-03-02T09:30:00.000Z",
         *                 "to_team": "to-team",
         *                 "note": "note",
         *                 "at": "2026-03-02T09:30:00.000Z"
         *               }
         *             ],
         *             "agent_id": "agent-id"
         *           }
         *         }
         *       ]
         *     }
         */
        PhoneExport: {
            conversations: {
                agent_id: string;
                channel: string;
                collected_data: {
                    [key: string]: unknown;
                };
                created_at: string;
                ended_at: string | null;
                escalations: {
                    claimed_at: string | null;
                    closed_at: string | null;
                    created_at: string;
                    id: string;
                    metadata: {
                        [key: string]: unknown;
                    };
                    offline_email: string | null;
                    operator_name: string | null;
                    reason: string;
                    state: string;
                }[];
                id: string;
                knowledge_gaps?: {
                    bases: string[];
                    created_at: string;
                    question: string;
                }[];
                labels?: string[];
                link_id: string | null;
                messages: {
                    attachments?: components["schemas"]["Attachment"][];
                    author_name: string | null;
                    citations?: components["schemas"]["Citation"][];
                    content: string;
                    created_at: string;
                    feedback: {
                        /** @description When the visitor gave it (the latest, if replaced) */
                        at: string;
                        comment: string | null;
                        /** @enum {string} */
                        rating: "up" | "down";
                    } | null;
                    id: string;
                    role: string;
                    sequence: number;
                    tool_call?: {
                        arguments: unknown;
                        duration_ms: number;
                        error?: string;
                        result?: unknown;
                        /** @enum {string} */
                        status: "ok" | "error" | "timeout" | "refused";
                        tool: string;
                    };
                    turn_number: number | null;
                }[];
                metadata: {
                    [key: string]: unknown;
                };
                notes?: {
                    author_name: string;
                    created_at: string;
                    text: string;
                }[];
                purged_at: string | null;
                rating: {
                    /** @description When the visitor gave it (the latest, if replaced) */
                    at: string;
                    comment: string | null;
                    score: number;
                } | null;
                resolution?: {
                    /** @enum {string} */
                    reason: "node" | "feedback" | "ended";
                    resolved_at: string;
                } | null;
                sentiment: {
                    /** @description When it was classified (moments after the conversation ended) */
                    at: string;
                    /** @enum {string} */
                    label: "positive" | "neutral" | "negative";
                    /** @enum {string} */
                    method: "llm" | "local";
                    score: number;
                } | null;
                session_id: string;
                status: string;
                total_turns: number;
                transcript_email: string | null;
                transcript_sent_at: string | null;
                transitions: {
                    condition: string | null;
                    created_at: string;
                    from_node: string;
                    from_node_name: string | null;
                    sequence: number;
                    to_node: string;
                    to_node_name: string | null;
                    turn_number: number;
                }[];
                user_id: string | null;
                variables: {
                    name: string;
                    turn_number: number;
                    updated_at: string;
                    value: string;
                }[];
                visitor_email: string | null;
                visitor_language?: string | null;
            }[];
            exported_at: string;
            inbox_events: ({
                data: {
                    accept_by: string | null;
                    agent_id: string;
                    assigned_at: string | null;
                    /** @enum {string} */
                    channel: "api" | "link";
                    claimed_at: string | null;
                    conversation_id: string;
                    escalation_id: string;
                    labels: string[];
                    last_message: string | null;
                    last_message_at: string | null;
                    offline: boolean;
                    operator: {
                        name: string;
                    } | null;
                    operator_member_id: string | null;
                    position: number | null;
                    preview: string | null;
                    reason: string;
                    /** @enum {string} */
                    state: "waiting" | "assigned" | "claimed" | "released" | "closed";
                    team: {
                        id: string;
                        name: string;
                    } | null;
                    transfers: components["schemas"]["InboxTransfer"][];
                    unread: number | null;
                    visitor: components["schemas"]["ConversationVisitor"];
                    waiting_since: string;
                };
                /** @enum {string} */
                event: "escalation";
                id: string;
            } | {
                data: {
                    attachments?: components["schemas"]["Attachment"][];
                    content: string;
                    conversation_id: string;
                    created_at: string;
                    escalation_id: string;
                    id: string;
                    notice?: string;
                    operator_member_id?: string | null;
                    operator_name?: string;
                    /** @enum {string} */
                    role: "user" | "assistant" | "operator" | "system";
                    team_id?: string | null;
                };
                /** @enum {string} */
                event: "message";
                id: string;
            } | {
                data: {
                    author_name: string;
                    conversation_id: string;
                    created_at: string;
                    escalation_id: string;
                    id: string;
                    operator_member_id?: string | null;
                    team_id?: string | null;
                    text: string;
                };
                /** @enum {string} */
                event: "note";
                id: string;
            } | {
                data: {
                    /** @enum {string} */
                    by: "visitor";
                    conversation_id: string;
                    escalation_id: string;
                    operator_member_id?: string | null;
                    /** @enum {string} */
                    state: "typing";
                    team_id?: string | null;
                };
                /** @enum {string} */
                event: "status";
                id: string;
            } | {
                data: {
                    message_id: string;
                    text: string;
                };
                /** @enum {string} */
                event: "delta";
                id: string;
            } | {
                data: {
                    attachments?: components["schemas"]["Attachment"][];
                    citations?: components["schemas"]["Citation"][];
                    content: string;
                    id: string;
                    notice?: string;
                    operator_name?: string;
                    /** @enum {string} */
                    role: "user" | "assistant" | "operator" | "system";
                };
                /** @enum {string} */
                event: "message";
                id: string;
            } | {
                data: {
                    /** @enum {string} */
                    by?: "operator";
                    label?: string;
                    operator_name?: string;
                    /** @enum {string} */
                    state: "thinking" | "typing" | "idle";
                };
                /** @enum {string} */
                event: "status";
                id: string;
            } | {
                data: {
                    estimated_wait_seconds: number | null;
                    id: string;
                    offline?: components["schemas"]["OfflineNotice"];
                    operator: {
                        name: string;
                    } | null;
                    position: number | null;
                    /** @enum {string} */
                    state: "waiting" | "assigned" | "claimed" | "released" | "closed";
                    team?: string;
                    transferred?: boolean;
                };
                /** @enum {string} */
                event: "escalation";
                id: string;
            } | {
                data: {
                    reason: string;
                };
                /** @enum {string} */
                event: "session_ended";
                id: string;
            })[];
            link_deliveries: {
                attempts: number;
                channel: string;
                created_at: string;
                finished_at: string | null;
                id: string;
                last_error: string | null;
                link_id: string;
                recipient: string;
                state: string;
            }[];
            links: {
                agent_id: string;
                created_at: string;
                deleted_at: string | null;
                id: string;
                title: string;
                variables: {
                    [key: string]: string;
                };
            }[];
            memories: {
                agent_id: string;
                created_at: string;
                messages_counted: number;
                summarised_at: string | null;
                summary: string | null;
                updated_at: string;
                visitor: string;
            }[];
            phone: string;
            schedules: {
                id: string;
                name: string;
                recipients: {
                    [key: string]: unknown;
                }[];
                run_errors: {
                    channel: string | null;
                    email: string | null;
                    error: string;
                    slot_at: string;
                    to: string | null;
                }[];
                send_channels: {
                    [key: string]: unknown;
                }[];
            }[];
            tenant_id: string;
            verifications: {
                attempts: number;
                consumed_at: string | null;
                created_at: string;
                email: string;
                expires_at: string;
                link_id: string;
                sends: number;
            }[];
            webhook_deliveries: {
                body: string;
                created_at: string;
                event_type: string;
                id: string;
                state: string;
                webhook_id: string;
            }[];
        };
        /**
         * @example {
         *       "version": 1
         *     }
         */
        PlaygroundSessionRequest: {
            /** @description A version to try, a draft included; default: the published active one */
            version?: number;
        };
        /**
         * @example {
         *       "status": "online"
         *     }
         */
        Presence: {
            /** @enum {string} */
            status: "online" | "away";
        };
        /**
         * @example {
         *       "parameters": {
         *         "algorithm": "SHA-256",
         *         "cost": 1,
         *         "expiresAt": 1,
         *         "keyLength": 1,
         *         "keyPrefix": "keyPrefix",
         *         "keySignature": "keySignature",
         *         "nonce": "nonce",
         *         "salt": "salt"
         *       },
         *       "signature": "signature"
         *     }
         */
        ProofOfWorkChallenge: {
            parameters: {
                /** @enum {string} */
                algorithm: "SHA-256";
                cost: number;
                expiresAt: number;
                keyLength: number;
                keyPrefix: string;
                keySignature: string;
                nonce: string;
                salt: string;
            };
            signature: string;
        };
        /**
         * @example {
         *       "content": "Where is my order 4821?",
         *       "session": "pcs_Rt7mK2xQ9vLp4WzB8nYc3KdF6hGs1AeU"
         *     }
         */
        PublicChatRequest: {
            /** @description Up to 5 upload ids (upl_…) of this session that no other message carries */
            attachments?: string[];
            challenge_solution?: string;
            /** @description 1 to 10,000 characters (Unicode code points) */
            content: string;
            context?: components["schemas"]["VisitorContext"];
            passcode?: string;
            session?: string;
            user?: components["schemas"]["VisitorUser"];
        };
        /**
         * @example {
         *       "response": "It left our warehouse yesterday and should arrive on Thursday.",
         *       "session": "pcs_Rt7mK2xQ9vLp4WzB8nYc3KdF6hGs1AeU",
         *       "conversation_id": "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
         *       "message_id": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
         *       "remaining_messages": 48,
         *       "expires_at": "2026-03-02T10:00:00.000Z",
         *       "session_ended": false,
         *       "tool_calls": [
         *         {
         *           "tool": "order_status",
         *           "arguments": {
         *             "order": "4821"
         *           },
         *           "status": "ok",
         *           "duration_ms": 212
         *         }
         *       ]
         *     }
         */
        PublicChatResponse: {
            budget_exhausted?: boolean;
            citations?: components["schemas"]["Citation"][];
            conversation_id: string;
            escalation?: {
                estimated_wait_seconds: number | null;
                id: string;
                position: number | null;
                /** @enum {string} */
                state: "waiting" | "assigned" | "claimed" | "released" | "closed";
            };
            expires_at: string | null;
            message_id: string;
            /** @description `budget_exhausted` when `response` is the platform’s default words for a spent budget (a link’s own words carry none): show them in the visitor’s language */
            notice?: string;
            /** @enum {boolean} */
            offer_person?: true;
            remaining_messages: number | null;
            response: string | null;
            session: string;
            session_ended: boolean;
            tool_calls: components["schemas"]["ToolCallReport"][];
        };
        /**
         * @example {
         *       "reason": "reason",
         *       "session": "session"
         *     }
         */
        PublicEscalateRequest: {
            metadata?: {
                [key: string]: string | number | boolean | null;
            };
            reason: string;
            session: string;
        };
        /**
         * @example {
         *       "messages": [
         *         {
         *           "id": "id",
         *           "role": "user",
         *           "content": "content",
         *           "created_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "rating": {
         *         "score": 1,
         *         "comment": "comment"
         *       }
         *     }
         */
        PublicHistory: {
            events?: {
                data: unknown;
                event: string;
                id: string;
            }[];
            /** @description The `after` of the next poll */
            last_event_id?: string | null;
            messages: components["schemas"]["PublicMessage"][];
            rating: {
                comment: string | null;
                score: number;
            } | null;
            /** @description `after` has left the event log: reload the history instead of applying events */
            reset?: boolean;
        };
        /**
         * @example {
         *       "title": "title",
         *       "description": "description",
         *       "welcome_message": "welcome-message",
         *       "agent": "agent",
         *       "require_email_verification": true,
         *       "require_identity": true,
         *       "requires_passcode": true,
         *       "expires_at": "2026-03-02T09:30:00.000Z",
         *       "max_messages_per_session": 1,
         *       "session_timeout_minutes": 1,
         *       "uploads": {
         *         "max_bytes": 1,
         *         "types": [
         *           "types"
         *         ]
         *       },
         *       "theme": {
         *         "mode": "light"
         *       },
         *       "locale": "locale",
         *       "challenge": "pow",
         *       "offer_person": "offer-person",
         *       "transcript_by_email": true
         *     }
         */
        PublicLinkInfo: {
            agent: string;
            challenge: "pow" | null;
            description: string | null;
            expires_at: string | null;
            locale: string | null;
            max_messages_per_session: number | null;
            offer_person: string;
            require_email_verification: boolean;
            require_identity: boolean;
            requires_passcode: boolean;
            session_timeout_minutes: number;
            theme: components["schemas"]["LinkTheme"] | null;
            title: string;
            transcript_by_email: boolean;
            uploads: {
                max_bytes: number;
                types: string[];
            } | null;
            welcome_message: string | null;
        };
        /**
         * @example {
         *       "id": "id",
         *       "role": "user",
         *       "content": "content",
         *       "created_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        PublicMessage: {
            attachments?: components["schemas"]["Attachment"][];
            citations?: components["schemas"]["Citation"][];
            content: string;
            created_at: string;
            /** @enum {string} */
            feedback?: "up" | "down";
            id: string;
            /** @description On the platform’s own words (a notice, a spent budget’s default words): their code, for the page to show them in the visitor’s language; `content` is the English */
            notice?: string;
            operator_name?: string;
            /** @enum {string} */
            role: "user" | "assistant" | "operator" | "system";
        };
        /**
         * @example {
         *       "session": "session",
         *       "conversation_id": "conversation-id",
         *       "expires_at": "2026-03-02T09:30:00.000Z",
         *       "remaining_messages": 1
         *     }
         */
        PublicSessionStarted: {
            conversation_id: string;
            expires_at: string | null;
            remaining_messages: number | null;
            session: string;
        };
        /**
         * @example {
         *       "session": "session"
         *     }
         */
        PublicTypingRequest: {
            session: string;
        };
        /**
         * @example {
         *       "email": "ada@example.com"
         *     }
         */
        Recipient: {
            /** Format: email */
            email: string;
            name?: string;
            variables?: {
                [key: string]: string;
            };
        };
        /**
         * @example {
         *       "session": "session",
         *       "conversation_id": "3f6c1a52-8d2e-4b7a-9c41-5e0d2f7b9a18"
         *     }
         */
        ResumeConversationRequest: {
            /**
             * Format: uuid
             * @description One of the conversations GET /api/public/conversations/{token} listed
             */
            conversation_id: string;
            /** @description The visitor’s current session credential (`pcs_…`) */
            session: string;
        };
        /**
         * @example {
         *       "session": "session",
         *       "conversation_id": "conversation-id",
         *       "expires_at": "2026-03-02T09:30:00.000Z",
         *       "remaining_messages": 1,
         *       "last_event_id": "last-event-id"
         *     }
         */
        ResumedSession: {
            conversation_id: string;
            expires_at: string | null;
            /** @description Follow the live events after this id (`Last-Event-ID`): what the conversation’s log held before, its end included, is history */
            last_event_id: string | null;
            remaining_messages: number | null;
            session: string;
        };
        /**
         * @example {
         *       "id": "id",
         *       "token": "token",
         *       "url": "https://example.com/",
         *       "deliveries": [
         *         {
         *           "id": "ldl_Zk2Xw9QmT4vB7nLp1RsYcA",
         *           "link_id": "lnk_Q7v2KpX9mR4tWz1B",
         *           "channel": "email",
         *           "to": "ada@example.com",
         *           "state": "sent",
         *           "attempts": 1,
         *           "last_error": null,
         *           "response_code": null,
         *           "next_attempt_at": null,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "finished_at": "2026-03-02T09:30:02.000Z"
         *         }
         *       ],
         *       "queued": 1
         *     }
         */
        RotatedLink: {
            deliveries: components["schemas"]["LinkDelivery"][];
            id: string;
            queued: number;
            token: string;
            url: string;
        };
        /**
         * @example {
         *       "send": {
         *         "channels": [
         *           {
         *             "type": "email"
         *           }
         *         ]
         *       }
         *     }
         */
        RotateLinkRequest: {
            send?: components["schemas"]["SendSpec"];
        };
        /**
         * @example {
         *       "id": "schd_Mx3Tq8Lv2ZkW9nRb",
         *       "name": "Weekly check-in",
         *       "cron": "0 9 * * mon",
         *       "timezone": "Europe/Berlin",
         *       "action": "create_and_send_temp_chat_link",
         *       "agent": "order-desk",
         *       "template": null,
         *       "settings": {
         *         "title": "Order check-in",
         *         "expires_in_hours": 72
         *       },
         *       "recipients": [
         *         {
         *           "email": "ada@example.com",
         *           "name": "Ada"
         *         }
         *       ],
         *       "send": {
         *         "channels": [
         *           {
         *             "type": "email"
         *           }
         *         ],
         *         "subject": "Your weekly order check-in"
         *       },
         *       "active": true,
         *       "next_run_at": "2026-03-09T08:00:00.000Z",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        Schedule: {
            /** @enum {string} */
            action: "create_and_send_temp_chat_link";
            active: boolean;
            agent: string;
            created_at: string;
            cron: string;
            id: string;
            name: string;
            next_run_at: string | null;
            recipients: components["schemas"]["Recipient"][];
            send: {
                channels: components["schemas"]["SendChannel"][];
                message?: string;
                subject?: string;
            };
            settings: {
                [key: string]: unknown;
            };
            template: string | null;
            timezone: string;
            updated_at: string;
        };
        /**
         * @example {
         *       "schedules": [
         *         {
         *           "id": "schd_Mx3Tq8Lv2ZkW9nRb",
         *           "name": "Weekly check-in",
         *           "cron": "0 9 * * mon",
         *           "timezone": "Europe/Berlin",
         *           "action": "create_and_send_temp_chat_link",
         *           "agent": "order-desk",
         *           "template": null,
         *           "settings": {
         *             "title": "Order check-in",
         *             "expires_in_hours": 72
         *           },
         *           "recipients": [
         *             {
         *               "email": "ada@example.com",
         *               "name": "Ada"
         *             }
         *           ],
         *           "send": {
         *             "channels": [
         *               {
         *                 "type": "email"
         *               }
         *             ],
         *             "subject": "Your weekly order check-in"
         *           },
         *           "active": true,
         *           "next_run_at": "2026-03-09T08:00:00.000Z",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        ScheduleList: {
            schedules: components["schemas"]["Schedule"][];
        };
        /**
         * @example {
         *       "slot_at": "2026-03-02T08:00:00.000Z",
         *       "trigger": "schedule",
         *       "state": "succeeded",
         *       "links": 1,
         *       "sent": 1,
         *       "errors": [],
         *       "started_at": "2026-03-02T08:00:00.412Z",
         *       "finished_at": "2026-03-02T08:00:01.870Z"
         *     }
         */
        ScheduleRun: {
            errors: components["schemas"]["ScheduleRunError"][];
            finished_at: string | null;
            links: number;
            sent: number;
            slot_at: string;
            started_at: string;
            /** @enum {string} */
            state: "running" | "succeeded" | "failed" | "skipped";
            /** @enum {string} */
            trigger: "schedule" | "catch_up" | "manual";
        };
        /**
         * @example {
         *       "error": "error"
         *     }
         */
        ScheduleRunError: {
            channel?: string;
            email?: string | null;
            error: string;
            to?: string;
        };
        /**
         * @example {
         *       "runs": [
         *         {
         *           "slot_at": "2026-03-02T08:00:00.000Z",
         *           "trigger": "schedule",
         *           "state": "succeeded",
         *           "links": 1,
         *           "sent": 1,
         *           "errors": [],
         *           "started_at": "2026-03-02T08:00:00.412Z",
         *           "finished_at": "2026-03-02T08:00:01.870Z"
         *         }
         *       ]
         *     }
         */
        ScheduleRunList: {
            runs: components["schemas"]["ScheduleRun"][];
        };
        /**
         * @example {
         *       "type": "email"
         *     }
         */
        SendChannel: {
            /** Format: email */
            to?: string;
            /** @enum {string} */
            type: "email";
        } | {
            /** @enum {string} */
            type: "slack";
            webhook_url: string;
        } | {
            /** @enum {string} */
            type: "teams";
            webhook_url: string;
        } | {
            /** @description A phone number in E.164 form, e.g. +14155550123 */
            to: string;
            /** @enum {string} */
            type: "sms";
        };
        /**
         * @example {
         *       "content": "It is order 4821 – it has not arrived yet."
         *     }
         */
        SendMessageRequest: {
            /** @description 1 to 10,000 characters (Unicode code points) */
            content: string;
        };
        /**
         * @example {
         *       "response": "Thanks – we are on it.",
         *       "node_id": "done",
         *       "node_name": "Done",
         *       "previous_node_id": "greet",
         *       "previous_node_name": "Greeting",
         *       "transitions": [
         *         {
         *           "from_node": "greet",
         *           "from_node_name": "Greeting",
         *           "to_node": "done",
         *           "to_node_name": "Done",
         *           "condition": "user_responded"
         *         }
         *       ],
         *       "transition": {
         *         "from_node": "greet",
         *         "from_node_name": "Greeting",
         *         "to_node": "done",
         *         "to_node_name": "Done",
         *         "condition": "user_responded"
         *       },
         *       "extracted_variables": {
         *         "order_number": "4821"
         *       },
         *       "tool_calls": [],
         *       "session_ended": true,
         *       "turn_number": 1,
         *       "latency_ms": 840
         *     }
         */
        SendMessageResponse: {
            citations?: components["schemas"]["Citation"][];
            escalated?: boolean;
            extracted_variables: {
                [key: string]: string;
            } | null;
            latency_ms: number;
            node_id: string;
            node_name: string | null;
            /** @enum {boolean} */
            offer_person?: true;
            previous_node_id: string;
            previous_node_name: string | null;
            response: string | null;
            session_ended: boolean;
            tool_calls: components["schemas"]["ToolCallReport"][];
            transition: components["schemas"]["Transition"] | null;
            transitions: components["schemas"]["Transition"][];
            turn_number: number;
        };
        /**
         * @example {
         *       "channels": [
         *         {
         *           "type": "email"
         *         }
         *       ]
         *     }
         */
        SendSpec: {
            channels: components["schemas"]["SendChannel"][];
            message?: string;
            subject?: string;
        };
        /**
         * @example {
         *       "session_id": "text_Vb3sK9xQ2mLp7RtZ4wYcNa",
         *       "conversation_id": "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
         *       "status": "completed",
         *       "node_id": "done",
         *       "node_name": "Done",
         *       "turns": 1,
         *       "transition_count": 1,
         *       "collected_data": {
         *         "order_number": "4821"
         *       },
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:31:04.000Z",
         *       "ended_at": "2026-03-02T09:31:04.000Z"
         *     }
         */
        SessionStatusResponse: {
            collected_data: {
                [key: string]: string;
            };
            conversation_id: string;
            created_at: string;
            ended_at: string | null;
            node_id: string;
            node_name: string | null;
            session_id: string;
            /** @enum {string} */
            status: "active" | "completed" | "abandoned" | "error";
            transition_count: number;
            turns: number;
            updated_at: string;
        };
        /**
         * @example {
         *       "version": 1
         *     }
         */
        SetActiveVersionRequest: {
            version: number;
        };
        /**
         * @example {
         *       "labels": [
         *         "p-p"
         *       ]
         *     }
         */
        SetConversationLabelsRequest: {
            labels: string[];
        };
        /**
         * @example {
         *       "version": 1,
         *       "weight": 1
         *     }
         */
        SplitArm: {
            version: number;
            weight: number;
        };
        /**
         * @example {
         *       "passcode": "passcode"
         *     }
         */
        StartPublicSessionRequest: {
            challenge_solution?: string;
            context?: components["schemas"]["VisitorContext"];
            passcode?: string;
            user?: components["schemas"]["VisitorUser"];
        };
        /**
         * @example {
         *       "id": "team_Rk4Wz8Lq2XmT9vNb",
         *       "name": "Deliveries",
         *       "members": [
         *         {
         *           "member_id": "mem_Hq4Zr8Tn2LwX",
         *           "name": "Grace"
         *         }
         *       ],
         *       "hours": {
         *         "timezone": "Europe/Berlin",
         *         "weekly": {
         *           "mon": [
         *             [
         *               "09:00",
         *               "17:00"
         *             ]
         *           ],
         *           "tue": [
         *             [
         *               "09:00",
         *               "17:00"
         *             ]
         *           ],
         *           "wed": [
         *             [
         *               "09:00",
         *               "17:00"
         *             ]
         *           ],
         *           "thu": [
         *             [
         *               "09:00",
         *               "17:00"
         *             ]
         *           ],
         *           "fri": [
         *             [
         *               "09:00",
         *               "15:00"
         *             ]
         *           ]
         *         },
         *         "holidays": [
         *           "2026-12-25"
         *         ]
         *       },
         *       "max_open_per_operator": 5,
         *       "open_to_all_operators": false,
         *       "open_now": true,
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        Team: {
            created_at: string;
            hours: components["schemas"]["TeamHours"] | null;
            id: string;
            max_open_per_operator: number | null;
            members: components["schemas"]["TeamMember"][];
            name: string;
            open_now: boolean;
            open_to_all_operators: boolean;
            updated_at: string;
        };
        /**
         * @example {
         *       "timezone": "Europe/Berlin",
         *       "weekly": {
         *         "mon": [
         *           [
         *             "09:00",
         *             "17:00"
         *           ]
         *         ],
         *         "tue": [
         *           [
         *             "09:00",
         *             "17:00"
         *           ]
         *         ],
         *         "wed": [
         *           [
         *             "09:00",
         *             "17:00"
         *           ]
         *         ],
         *         "thu": [
         *           [
         *             "09:00",
         *             "17:00"
         *           ]
         *         ],
         *         "fri": [
         *           [
         *             "09:00",
         *             "15:00"
         *           ]
         *         ]
         *       },
         *       "holidays": [
         *         "2026-12-25"
         *       ]
         *     }
         */
        TeamHours: {
            /** @default [] */
            holidays: string[];
            timezone: string;
            weekly: {
                fri?: [
                    string,
                    string
                ][];
                mon?: [
                    string,
                    string
                ][];
                sat?: [
                    string,
                    string
                ][];
                sun?: [
                    string,
                    string
                ][];
                thu?: [
                    string,
                    string
                ][];
                tue?: [
                    string,
                    string
                ][];
                wed?: [
                    string,
                    string
                ][];
            };
        };
        /**
         * @example {
         *       "timezone": "Europe/Berlin",
         *       "weekly": {
         *         "mon": [
         *           [
         *             "09:00",
         *             "17:00"
         *           ]
         *         ],
         *         "tue": [
         *           [
         *             "09:00",
         *             "17:00"
         *           ]
         *         ],
         *         "wed": [
         *           [
         *             "09:00",
         *             "17:00"
         *           ]
         *         ],
         *         "thu": [
         *           [
         *             "09:00",
         *             "17:00"
         *           ]
         *         ],
         *         "fri": [
         *           [
         *             "09:00",
         *             "15:00"
         *           ]
         *         ]
         *       },
         *       "holidays": [
         *         "2026-12-25"
         *       ]
         *     }
         */
        TeamHoursInput: {
            /** @default [] */
            holidays?: string[];
            timezone: string;
            weekly: {
                fri?: [
                    string,
                    string
                ][];
                mon?: [
                    string,
                    string
                ][];
                sat?: [
                    string,
                    string
                ][];
                sun?: [
                    string,
                    string
                ][];
                thu?: [
                    string,
                    string
                ][];
                tue?: [
                    string,
                    string
                ][];
                wed?: [
                    string,
                    string
                ][];
            };
        };
        /**
         * @example {
         *       "teams": [
         *         {
         *           "id": "team_Rk4Wz8Lq2XmT9vNb",
         *           "name": "Deliveries",
         *           "members": [
         *             {
         *               "member_id": "mem_Hq4Zr8Tn2LwX",
         *               "name": "Grace"
         *             }
         *           ],
         *           "hours": {
         *             "timezone": "Europe/Berlin",
         *             "weekly": {
         *               "mon": [
         *                 [
         *                   "09:00",
         *                   "17:00"
         *                 ]
         *               ],
         *               "tue": [
         *                 [
         *                   "09:00",
         *                   "17:00"
         *                 ]
         *               ],
         *               "wed": [
         *                 [
         *                   "09:00",
         *                   "17:00"
         *                 ]
         *               ],
         *               "thu": [
         *                 [
         *                   "09:00",
         *                   "17:00"
         *                 ]
         *               ],
         *               "fri": [
         *                 [
         *                   "09:00",
         *                   "15:00"
         *                 ]
         *               ]
         *             },
         *             "holidays": [
         *               "2026-12-25"
         *             ]
         *           },
         *           "max_open_per_operator": 5,
         *           "open_to_all_operators": false,
         *           "open_now": true,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        TeamList: {
            teams: components["schemas"]["Team"][];
        };
        /**
         * @example {
         *       "member_id": "member-id",
         *       "name": "name"
         *     }
         */
        TeamMember: {
            member_id: string;
            name: string;
        };
        /**
         * @example {
         *       "title": "title"
         *     }
         */
        TemplateSettings: {
            active?: boolean;
            allowed_origins?: string[];
            budget?: components["schemas"]["LinkBudget"] | null;
            budget_exhausted_message?: string | null;
            challenge?: "pow" | null;
            content_rules?: components["schemas"]["ContentRulesInput"] | null;
            country_allow?: string[];
            country_deny?: string[];
            description?: string | null;
            expires_at?: string | null;
            expires_in_hours?: number;
            identity_token_required?: boolean;
            ip_allow?: string[];
            ip_deny?: string[];
            locale?: string | null;
            max_messages_per_session?: number | null;
            max_sessions?: number | null;
            offer_person?: ("always" | "never") | string;
            /** @description Messages per minute across all the link's sessions together, past it 429 `rate_limited` with `details.limit: "link"`; null or absent: no cap on the whole link (on an adaptive link: 600) */
            rate_limit_per_link_per_minute?: number | null;
            /** @description Messages per minute of each session of the link (default 10; PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE is the ceiling: the lower applies), past it 429 `rate_limited` with `details.limit: "session"`; or `"adaptive"`: 600 per minute across the link, and each address's and session's own limit tightens as they misbehave */
            rate_limit_per_minute?: number | "adaptive";
            require_email_verification?: boolean;
            require_identity?: boolean;
            retention_days?: number | null;
            session_timeout_minutes?: number;
            team?: string | null;
            theme?: components["schemas"]["LinkThemeInput"] | null;
            title?: string;
            transcript_to_tenant?: boolean;
            uploads?: components["schemas"]["UploadSettings"] | null;
            welcome_message?: string | null;
        };
        /**
         * @example {
         *       "id": "6f1c2e3a-9b4d-4f7e-8a21-3c5d7e9f0b12",
         *       "name": "Acme",
         *       "operator_email": "support@acme.example",
         *       "tokens_per_day": 2000000,
         *       "created_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        Tenant: {
            created_at: string;
            id: string;
            name: string;
            operator_email: string | null;
            tokens_per_day: number | null;
        };
        /**
         * @example {
         *       "key_id": "key-id",
         *       "key": "key",
         *       "tenant_id": "tenant-id",
         *       "name": "name",
         *       "role": "owner",
         *       "expires_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        TenantKeyCreated: {
            expires_at: string | null;
            key: string;
            key_id: string;
            name: string;
            /** @enum {string} */
            role: "owner" | "editor" | "operator" | "viewer";
            tenant_id: string;
        };
        /**
         * @example {
         *       "scope": "platform",
         *       "tenants": [
         *         {
         *           "id": "6f1c2e3a-9b4d-4f7e-8a21-3c5d7e9f0b12",
         *           "name": "Acme",
         *           "operator_email": "support@acme.example",
         *           "tokens_per_day": 2000000,
         *           "created_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        TenantList: {
            /** @enum {string} */
            scope: "platform" | "tenant";
            tenants: components["schemas"]["Tenant"][];
        };
        /**
         * @example {
         *       "name": "ORDERS_API_TOKEN",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "updated_at": "2026-03-09T14:05:12.000Z"
         *     }
         */
        TenantSecret: {
            created_at: string;
            name: string;
            updated_at: string;
        };
        /**
         * @example {
         *       "name": "name",
         *       "created_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        TenantSecretCreated: {
            created_at: string;
            name: string;
        };
        /**
         * @example {
         *       "secrets": [
         *         {
         *           "name": "ORDERS_API_TOKEN",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-09T14:05:12.000Z"
         *         }
         *       ]
         *     }
         */
        TenantSecretList: {
            secrets: components["schemas"]["TenantSecret"][];
        };
        /**
         * @example {
         *       "id": "id",
         *       "version": 1,
         *       "status": "running",
         *       "passed": 1,
         *       "failed": 1,
         *       "results": [
         *         {
         *           "test_id": "test-id",
         *           "name": "name",
         *           "passed": true,
         *           "turns": [
         *             {
         *               "user": "user",
         *               "response": "response",
         *               "node": "node",
         *               "failures": [
         *                 "failures"
         *               ]
         *             }
         *           ]
         *         }
         *       ],
         *       "duration_ms": 1
         *     }
         */
        TestRun: {
            duration_ms: number | null;
            failed: number;
            id: string;
            passed: number;
            results: {
                name: string;
                passed: boolean;
                test_id: string;
                turns: {
                    failures: string[];
                    node: string | null;
                    response: string | null;
                    user: string;
                }[];
            }[];
            /** @enum {string} */
            status: "running" | "passed" | "failed";
            version: number;
        };
        /**
         * @example {
         *       "runs": [
         *         {
         *           "id": "id",
         *           "version": 1,
         *           "status": "running",
         *           "passed": 1,
         *           "failed": 1,
         *           "duration_ms": 1,
         *           "created_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "next_cursor": "next-cursor"
         *     }
         */
        TestRunList: {
            /** @description Pass as `cursor` for the next page; null on the last page */
            next_cursor: string | null;
            runs: components["schemas"]["TestRunSummary"][];
        };
        /**
         * @example {
         *       "id": "id",
         *       "version": 1,
         *       "status": "running",
         *       "passed": 1,
         *       "failed": 1,
         *       "duration_ms": 1,
         *       "created_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        TestRunSummary: {
            created_at: string;
            duration_ms: number | null;
            failed: number;
            id: string;
            passed: number;
            /** @enum {string} */
            status: "running" | "passed" | "failed";
            version: number;
        };
        /**
         * @example {
         *       "tool": "tool",
         *       "arguments": {},
         *       "status": "ok",
         *       "duration_ms": 1
         *     }
         */
        ToolCallReport: {
            arguments: unknown;
            duration_ms: number;
            /** @enum {string} */
            status: "ok" | "error" | "timeout" | "refused";
            tool: string;
        };
        /**
         * @example {
         *       "session": "session",
         *       "email": "ada@example.com"
         *     }
         */
        TranscriptRequest: {
            /** Format: email */
            email: string;
            session: string;
        };
        /**
         * @example {
         *       "email": "ada@example.com",
         *       "at": "end"
         *     }
         */
        TranscriptRequested: {
            /** @enum {string} */
            at: "end" | "now";
            email: string;
        };
        /**
         * @example {
         *       "to_member": "to-member"
         *     }
         */
        TransferRequest: {
            note?: string;
            to_member?: string;
            to_team?: string;
        };
        /**
         * @example {
         *       "from_node": "from-node",
         *       "from_node_name": "from-node-name",
         *       "to_node": "to-node",
         *       "to_node_name": "to-node-name",
         *       "condition": "condition"
         *     }
         */
        Transition: {
            condition: string | null;
            from_node: string;
            from_node_name: string | null;
            to_node: string;
            to_node_name: string | null;
        };
        /**
         * @example {
         *       "require_tests": true
         *     }
         */
        UpdateAgentRequest: {
            require_tests: boolean;
        };
        /**
         * @example {
         *       "shortcut": "A"
         *     }
         */
        UpdateCannedReplyRequest: {
            content?: string;
            shortcut?: string;
        };
        /**
         * @example {
         *       "name": "name"
         *     }
         */
        UpdateKnowledgeBaseRequest: {
            /** @enum {string} */
            language?: "simple" | "arabic" | "danish" | "dutch" | "english" | "finnish" | "french" | "german" | "greek" | "hungarian" | "indonesian" | "irish" | "italian" | "lithuanian" | "nepali" | "norwegian" | "portuguese" | "romanian" | "russian" | "spanish" | "swedish" | "tamil" | "turkish";
            name?: string;
            threshold?: number;
        };
        /**
         * @example {
         *       "title": "title"
         *     }
         */
        UpdateLinkRequest: {
            active?: boolean;
            allowed_origins?: string[];
            budget?: components["schemas"]["LinkBudget"] | null;
            budget_exhausted_message?: string | null;
            challenge?: "pow" | null;
            content_rules?: components["schemas"]["ContentRulesInput"] | null;
            country_allow?: string[];
            country_deny?: string[];
            description?: string | null;
            expires_at?: string | null;
            expires_in_hours?: number;
            identity_token_required?: boolean;
            ip_allow?: string[];
            ip_deny?: string[];
            locale?: string | null;
            max_messages_per_session?: number | null;
            max_sessions?: number | null;
            offer_person?: ("always" | "never") | string;
            passcode?: string | null;
            /** @description Messages per minute across all the link's sessions together, past it 429 `rate_limited` with `details.limit: "link"`; null or absent: no cap on the whole link (on an adaptive link: 600) */
            rate_limit_per_link_per_minute?: number | null;
            /** @description Messages per minute of each session of the link (default 10; PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE is the ceiling: the lower applies), past it 429 `rate_limited` with `details.limit: "session"`; or `"adaptive"`: 600 per minute across the link, and each address's and session's own limit tightens as they misbehave */
            rate_limit_per_minute?: number | "adaptive";
            require_email_verification?: boolean;
            require_identity?: boolean;
            retention_days?: number | null;
            session_timeout_minutes?: number;
            split?: components["schemas"]["SplitArm"][] | null;
            team?: string | null;
            theme?: components["schemas"]["LinkThemeInput"] | null;
            title?: string;
            transcript_to_tenant?: boolean;
            uploads?: components["schemas"]["UploadSettings"] | null;
            variables?: {
                [key: string]: string;
            };
            version?: number | null;
            welcome_message?: string | null;
        };
        /**
         * @example {
         *       "description": "description"
         *     }
         */
        UpdateLinkTemplateRequest: {
            description?: string | null;
            settings?: components["schemas"]["TemplateSettings"];
        };
        /**
         * @example {
         *       "role": "owner"
         *     }
         */
        UpdateMemberRequest: {
            name?: string;
            /** @enum {string} */
            role?: "owner" | "editor" | "operator" | "viewer";
        };
        /**
         * @example {
         *       "name": "name"
         *     }
         */
        UpdateScheduleRequest: {
            /** @enum {string} */
            action?: "create_and_send_temp_chat_link";
            active?: boolean;
            agent?: string;
            cron?: string;
            name?: string;
            recipients?: components["schemas"]["Recipient"][];
            send?: components["schemas"]["SendSpec"];
            settings?: components["schemas"]["LinkSettings"];
            template?: string;
            timezone?: string;
        };
        /**
         * @example {
         *       "name": "name"
         *     }
         */
        UpdateTeamRequest: {
            hours?: components["schemas"]["TeamHoursInput"] | null;
            max_open_per_operator?: number | null;
            members?: string[];
            name?: string;
            /** @description Every operator of the tenant reads the team's escalations, not only its members (default false) */
            open_to_all_operators?: boolean;
        };
        /**
         * @example {
         *       "name": "name"
         *     }
         */
        UpdateTenantRequest: {
            name?: string;
            operator_email?: string | null;
            tokens_per_day?: number | null;
        };
        /**
         * @example {
         *       "value": "value"
         *     }
         */
        UpdateTenantSecretRequest: {
            /** @description The value (1 to 8192 characters): kept sealed, never answered, logged or audited */
            value: string;
        };
        /**
         * @example {
         *       "upload_id": "upload-id",
         *       "name": "name",
         *       "type": "type",
         *       "bytes": 1
         *     }
         */
        UploadCreated: {
            bytes: number;
            name: string;
            type: string;
            upload_id: string;
        };
        /**
         * @example {
         *       "enabled": true
         *     }
         */
        UploadSettings: {
            enabled: boolean;
            /** @default 10485760 */
            max_bytes?: number;
            /**
             * @default [
             *       "image/png",
             *       "image/jpeg",
             *       "image/webp",
             *       "application/pdf",
             *       "text/plain"
             *     ]
             */
            types?: ("image/png" | "image/jpeg" | "image/webp" | "image/gif" | "application/pdf" | "text/plain" | "text/csv" | "application/json" | "application/zip" | "application/vnd.openxmlformats-officedocument.wordprocessingml.document" | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" | "application/vnd.openxmlformats-officedocument.presentationml.presentation" | "audio/mpeg" | "audio/wav" | "video/mp4")[];
        };
        /**
         * @example {
         *       "session_id": "session-id",
         *       "conversation_id": "conversation-id",
         *       "status": "active",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "last_message_at": "2026-03-02T09:30:00.000Z",
         *       "turns": 1,
         *       "tenant_id": "tenant-id",
         *       "agent_id": "agent-id"
         *     }
         */
        UserConversation: {
            agent_id: string;
            conversation_id: string;
            created_at: string;
            last_message_at: string | null;
            session_id: string;
            /** @enum {string} */
            status: "active" | "completed" | "abandoned" | "error";
            tenant_id: string;
            turns: number;
        };
        /**
         * @example {
         *       "conversations": [
         *         {
         *           "session_id": "session-id",
         *           "conversation_id": "conversation-id",
         *           "status": "active",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "last_message_at": "2026-03-02T09:30:00.000Z",
         *           "turns": 1,
         *           "tenant_id": "tenant-id",
         *           "agent_id": "agent-id"
         *         }
         *       ],
         *       "next_cursor": "next-cursor"
         *     }
         */
        UserConversationList: {
            conversations: components["schemas"]["UserConversation"][];
            /** @description Pass as `cursor` for the next page; null on the last page */
            next_cursor: string | null;
        };
        /**
         * @example {
         *       "user_id": "user-id",
         *       "tenant_id": "tenant-id",
         *       "exported_at": "2026-03-02T09:30:00.000Z",
         *       "memories": [
         *         {
         *           "agent_id": "agent-id",
         *           "visitor": "visitor",
         *           "summary": "summary",
         *           "messages_counted": 1,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "updated_at": "2026-03-02T09:30:00.000Z",
         *           "summarised_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "verifications": [
         *         {
         *           "link_id": "link-id",
         *           "email": "ada@example.com",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "expires_at": "2026-03-02T09:30:00.000Z",
         *           "consumed_at": "2026-03-02T09:30:00.000Z",
         *           "attempts": 1,
         *           "sends": 1
         *         }
         *       ],
         *       "links": [
         *         {
         *           "id": "id",
         *           "agent_id": "agent-id",
         *           "title": "title",
         *           "variables": {},
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "deleted_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "link_deliveries": [
         *         {
         *           "id": "id",
         *           "link_id": "link-id",
         *           "channel": "channel",
         *           "recipient": "recipient",
         *           "state": "state",
         *           "attempts": 1,
         *           "last_error": "last-error",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "finished_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ],
         *       "schedules": [
         *         {
         *           "id": "id",
         *           "name": "name",
         *           "recipients": [
         *             {}
         *           ],
         *           "send_channels": [
         *             {}
         *           ],
         *           "run_errors": [
         *             {
         *               "slot_at": "2026-03-02T09:30:00.000Z",
         *               "email": "ada@example.com",
         *               "to": "2026-03-02T09:30:00.000Z",
         *               "channel": "channel",
         *               "error": "error"
         *             }
         *           ]
         *         }
         *       ],
         *       "conversations": [
         *         {
         *           "id": "id",
         *           "session_id": "session-id",
         *           "channel": "channel",
         *           "link_id": "link-id",
         *           "agent_id": "agent-id",
         *           "status": "status",
         *           "visitor_email": "ada@example.com",
         *           "user_id": "user-id",
         *           "metadata": {},
         *           "collected_data": {},
         *           "total_turns": 1,
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "ended_at": "2026-03-02T09:30:00.000Z",
         *           "purged_at": "2026-03-02T09:30:00.000Z",
         *           "transcript_email": "ada@example.com",
         *           "transcript_sent_at": "2026-03-02T09:30:00.000Z",
         *           "variables": [
         *             {
         *               "name": "name",
         *               "value": "value",
         *               "turn_number": 1,
         *               "updated_at": "2026-03-02T09:30:00.000Z"
         *             }
         *           ],
         *           "escalations": [
         *             {
         *               "id": "id",
         *               "reason": "reason",
         *               "metadata": {},
         *               "state": "state",
         *               "created_at": "2026-03-02T09:30:00.000Z",
         *               "claimed_at": "2026-03-02T09:30:00.000Z",
         *               "closed_at": "2026-03-02T09:30:00.000Z",
         *               "operator_name": "operator-name",
         *               "offline_email": "ada@example.com"
         *             }
         *           ],
         *           "rating": {
         *             "score": 1,
         *             "comment": "comment",
         *             "at": "2026-03-02T09:30:00.000Z"
         *           },
         *           "sentiment": {
         *             "score": 1,
         *             "label": "positive",
         *             "method": "llm",
         *             "at": "2026-03-02T09:30:00.000Z"
         *           },
         *           "messages": [
         *             {
         *               "id": "id",
         *               "sequence": 1,
         *               "role": "role",
         *               "content": "content",
         *               "turn_number": 1,
         *               "author_name": "author-name",
         *               "created_at": "2026-03-02T09:30:00.000Z",
         *               "feedback": {
         *                 "rating": "up",
         *                 "comment": "comment",
         *                 "at": "2026-03-02T09:30:00.000Z"
         *               }
         *             }
         *           ],
         *           "transitions": [
         *             {
         *               "turn_number": 1,
         *               "sequence": 1,
         *               "from_node": "from-node",
         *               "from_node_name": "from-node-name",
         *               "to_node": "to-node",
         *               "to_node_name": "to-node-name",
         *               "condition": "condition",
         *               "created_at": "2026-03-02T09:30:00.000Z"
         *             }
         *           ]
         *         }
         *       ],
         *       "webhook_deliveries": [
         *         {
         *           "id": "id",
         *           "webhook_id": "webhook-id",
         *           "event_type": "event-type",
         *           "state": "state",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "body": "body"
         *         }
         *       ],
         *       "inbox_events": [
         *         {
         *           "id": "id",
         *           "event": "escalation",
         *           "data": {
         *             "escalation_id": "escalation-id",
         *             "conversation_id": "conversation-id",
         *             "channel": "api",
         *             "reason": "reason",
         *             "state": "waiting",
         *             "waiting_since": "waiting-since",
         *             "claimed_at": "2026-03-02T09:30:00.000Z",
         *             "operator": {
         *               "name": "name"
         *             },
         *             "operator_member_id": "operator-member-id",
         *             "team": {
         *               "id": "id",
         *               "name": "name"
         *             },
         *             "assigned_at": "2026-03-02T09:30:00.000Z",
         *             "accept_by": "accept-by",
         *             "offline": true,
         *             "last_message": "last-message",
         *             "last_message_at": "2026-03-02T09:30:00.000Z",
         *             "visitor": {
         *               "name": "name",
         *               "email": "ada@example.com"
         *             },
         *             "preview": "preview",
         *             "unread": 1,
         *             "labels": [
         *               "labels"
         *             ],
         *             "position": 1,
         *             "transfers": [
         *               {
         *                 "from": "2026-03-02T09:30:00.000Z",
         *                 "to": "2026-03-02T09:30:00.000Z",
         *                 "to_team": "to-team",
         *                 "note": "note",
         *                 "at": "2026-03-02T09:30:00.000Z"
         *               }
         *             ],
         *             "agent_id": "agent-id"
         *           }
         *         }
         *       ]
         *     }
         */
        UserExport: {
            conversations: {
                agent_id: string;
                channel: string;
                collected_data: {
                    [key: string]: unknown;
                };
                created_at: string;
                ended_at: string | null;
                escalations: {
                    claimed_at: string | null;
                    closed_at: string | null;
                    created_at: string;
                    id: string;
                    metadata: {
                        [key: string]: unknown;
                    };
                    offline_email: string | null;
                    operator_name: string | null;
                    reason: string;
                    state: string;
                }[];
                id: string;
                knowledge_gaps?: {
                    bases: string[];
                    created_at: string;
                    question: string;
                }[];
                labels?: string[];
                link_id: string | null;
                messages: {
                    attachments?: components["schemas"]["Attachment"][];
                    author_name: string | null;
                    citations?: components["schemas"]["Citation"][];
                    content: string;
                    created_at: string;
                    feedback: {
                        /** @description When the visitor gave it (the latest, if replaced) */
                        at: string;
                        comment: string | null;
                        /** @enum {string} */
                        rating: "up" | "down";
                    } | null;
                    id: string;
                    role: string;
                    sequence: number;
                    tool_call?: {
                        arguments: unknown;
                        duration_ms: number;
                        error?: string;
                        result?: unknown;
                        /** @enum {string} */
                        status: "ok" | "error" | "timeout" | "refused";
                        tool: string;
                    };
                    turn_number: number | null;
                }[];
                metadata: {
                    [key: string]: unknown;
                };
                notes?: {
                    author_name: string;
                    created_at: string;
                    text: string;
                }[];
                purged_at: string | null;
                rating: {
                    /** @description When the visitor gave it (the latest, if replaced) */
                    at: string;
                    comment: string | null;
                    score: number;
                } | null;
                resolution?: {
                    /** @enum {string} */
                    reason: "node" | "feedback" | "ended";
                    resolved_at: string;
                } | null;
                sentiment: {
                    /** @description When it was classified (moments after the conversation ended) */
                    at: string;
                    /** @enum {string} */
                    label: "positive" | "neutral" | "negative";
                    /** @enum {string} */
                    method: "llm" | "local";
                    score: number;
                } | null;
                session_id: string;
                status: string;
                total_turns: number;
                transcript_email: string | null;
                transcript_sent_at: string | null;
                transitions: {
                    condition: string | null;
                    created_at: string;
                    from_node: string;
                    from_node_name: string | null;
                    sequence: number;
                    to_node: string;
                    to_node_name: string | null;
                    turn_number: number;
                }[];
                user_id: string | null;
                variables: {
                    name: string;
                    turn_number: number;
                    updated_at: string;
                    value: string;
                }[];
                visitor_email: string | null;
                visitor_language?: string | null;
            }[];
            exported_at: string;
            inbox_events: ({
                data: {
                    accept_by: string | null;
                    agent_id: string;
                    assigned_at: string | null;
                    /** @enum {string} */
                    channel: "api" | "link";
                    claimed_at: string | null;
                    conversation_id: string;
                    escalation_id: string;
                    labels: string[];
                    last_message: string | null;
                    last_message_at: string | null;
                    offline: boolean;
                    operator: {
                        name: string;
                    } | null;
                    operator_member_id: string | null;
                    position: number | null;
                    preview: string | null;
                    reason: string;
                    /** @enum {string} */
                    state: "waiting" | "assigned" | "claimed" | "released" | "closed";
                    team: {
                        id: string;
                        name: string;
                    } | null;
                    transfers: components["schemas"]["InboxTransfer"][];
                    unread: number | null;
                    visitor: components["schemas"]["ConversationVisitor"];
                    waiting_since: string;
                };
                /** @enum {string} */
                event: "escalation";
                id: string;
            } | {
                data: {
                    attachments?: components["schemas"]["Attachment"][];
                    content: string;
                    conversation_id: string;
                    created_at: string;
                    escalation_id: string;
                    id: string;
                    notice?: string;
                    operator_member_id?: string | null;
                    operator_name?: string;
                    /** @enum {string} */
                    role: "user" | "assistant" | "operator" | "system";
                    team_id?: string | null;
                };
                /** @enum {string} */
                event: "message";
                id: string;
            } | {
                data: {
                    author_name: string;
                    conversation_id: string;
                    created_at: string;
                    escalation_id: string;
                    id: string;
                    operator_member_id?: string | null;
                    team_id?: string | null;
                    text: string;
                };
                /** @enum {string} */
                event: "note";
                id: string;
            } | {
                data: {
                    /** @enum {string} */
                    by: "visitor";
                    conversation_id: string;
                    escalation_id: string;
                    operator_member_id?: string | null;
                    /** @enum {string} */
                    state: "typing";
                    team_id?: string | null;
                };
                /** @enum {string} */
                event: "status";
                id: string;
            } | {
                data: {
                    message_id: string;
                    text: string;
                };
                /** @enum {string} */
                event: "delta";
                id: string;
            } | {
                data: {
                    attachments?: components["schemas"]["Attachment"][];
                    citations?: components["schemas"]["Citation"][];
                    content: string;
                    id: string;
                    notice?: string;
                    operator_name?: string;
                    /** @enum {string} */
                    role: "user" | "assistant" | "operator" | "system";
                };
                /** @enum {string} */
                event: "message";
                id: string;
            } | {
                data: {
                    /** @enum {string} */
                    by?: "operator";
                    label?: string;
                    operator_name?: string;
                    /** @enum {string} */
                    state: "thinking" | "typing" | "idle";
                };
                /** @enum {string} */
                event: "status";
                id: string;
            } | {
                data: {
                    estimated_wait_seconds: number | null;
                    id: string;
                    offline?: components["schemas"]["OfflineNotice"];
                    operator: {
                        name: string;
                    } | null;
                    position: number | null;
                    /** @enum {string} */
                    state: "waiting" | "assigned" | "claimed" | "released" | "closed";
                    team?: string;
                    transferred?: boolean;
                };
                /** @enum {string} */
                event: "escalation";
                id: string;
            } | {
                data: {
                    reason: string;
                };
                /** @enum {string} */
                event: "session_ended";
                id: string;
            })[];
            link_deliveries: {
                attempts: number;
                channel: string;
                created_at: string;
                finished_at: string | null;
                id: string;
                last_error: string | null;
                link_id: string;
                recipient: string;
                state: string;
            }[];
            links: {
                agent_id: string;
                created_at: string;
                deleted_at: string | null;
                id: string;
                title: string;
                variables: {
                    [key: string]: string;
                };
            }[];
            memories: {
                agent_id: string;
                created_at: string;
                messages_counted: number;
                summarised_at: string | null;
                summary: string | null;
                updated_at: string;
                visitor: string;
            }[];
            schedules: {
                id: string;
                name: string;
                recipients: {
                    [key: string]: unknown;
                }[];
                run_errors: {
                    channel: string | null;
                    email: string | null;
                    error: string;
                    slot_at: string;
                    to: string | null;
                }[];
                send_channels: {
                    [key: string]: unknown;
                }[];
            }[];
            tenant_id: string;
            user_id: string;
            verifications: {
                attempts: number;
                consumed_at: string | null;
                created_at: string;
                email: string;
                expires_at: string;
                link_id: string;
                sends: number;
            }[];
            webhook_deliveries: {
                body: string;
                created_at: string;
                event_type: string;
                id: string;
                state: string;
                webhook_id: string;
            }[];
        };
        /**
         * @example {
         *       "expires_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        VerificationSent: {
            expires_at: string;
        };
        /**
         * @example {
         *       "email": "ada@example.com"
         *     }
         */
        VerifyEmailRequest: {
            /** Format: email */
            email: string;
        };
        /**
         * @example {
         *       "page": "page"
         *     }
         */
        VisitorContext: {
            /** @description The page the visitor is on (its URL or path): `context.page` in the collected data */
            page?: string;
            /** @description Each `name: value` becomes `context.<name>` in the collected data (at most 20, values at most 1,000 characters) */
            variables?: {
                [key: string]: string;
            };
        };
        /**
         * @example {
         *       "conversation_id": "conversation-id",
         *       "status": "active",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "last_message_at": "2026-03-02T09:30:00.000Z",
         *       "turns": 1,
         *       "preview": "preview"
         *     }
         */
        VisitorConversation: {
            conversation_id: string;
            created_at: string;
            last_message_at: string | null;
            preview: string | null;
            /** @enum {string} */
            status: "active" | "completed" | "abandoned" | "error";
            turns: number;
        };
        /**
         * @example {
         *       "conversations": [
         *         {
         *           "conversation_id": "conversation-id",
         *           "status": "active",
         *           "created_at": "2026-03-02T09:30:00.000Z",
         *           "last_message_at": "2026-03-02T09:30:00.000Z",
         *           "turns": 1,
         *           "preview": "preview"
         *         }
         *       ],
         *       "next_cursor": "next-cursor"
         *     }
         */
        VisitorConversationList: {
            conversations: components["schemas"]["VisitorConversation"][];
            next_cursor: string | null;
        };
        /**
         * @example {
         *       "user_id": "user-id"
         *     }
         */
        VisitorUser: {
            /** @description Contact email (not verified: it does not make the visitor email-verified) */
            email?: string;
            /** @description Display name (not verified; with `token`, give it as a claim) */
            name?: string;
            /** @description Instead of user_id and user_hash: a JWT (HS256, signed with the link’s identity secret) with `sub` (the user id), `exp` (at most 24 h ahead), optional `name` and `email` */
            token?: string;
            /** @description hex HMAC-SHA256(the link’s identity secret, user_id), computed by the host site’s backend */
            user_hash?: string;
            /** @description The host site's id of its signed-in user (with `user_hash`) */
            user_id?: string;
        };
        /**
         * @example {
         *       "id": "whk_Np5Vx2Kq8ZmLt4Rw",
         *       "url": "https://hooks.acme.example/parley",
         *       "events": [
         *         "escalation.created",
         *         "conversation.ended"
         *       ],
         *       "format": "standard",
         *       "created_at": "2026-03-02T09:30:00.000Z"
         *     }
         */
        Webhook: {
            created_at: string;
            events: ("escalation.created" | "escalation.assigned" | "escalation.claimed" | "escalation.closed" | "conversation.started" | "conversation.ended" | "conversation.resolved" | "link.created" | "link.expired" | "security.alert" | "feedback.received")[];
            /** @enum {string} */
            format: "standard" | "slack" | "teams";
            id: string;
            url: string;
        };
        /**
         * @example {
         *       "id": "whk_Np5Vx2Kq8ZmLt4Rw",
         *       "url": "https://hooks.acme.example/parley",
         *       "events": [
         *         "escalation.created",
         *         "conversation.ended"
         *       ],
         *       "format": "standard",
         *       "created_at": "2026-03-02T09:30:00.000Z",
         *       "secret": "whsec_Kx8mQ2vR7tZp4WnB9yLc3DfH6gJs1AeU"
         *     }
         */
        WebhookCreated: {
            created_at: string;
            events: ("escalation.created" | "escalation.assigned" | "escalation.claimed" | "escalation.closed" | "conversation.started" | "conversation.ended" | "conversation.resolved" | "link.created" | "link.expired" | "security.alert" | "feedback.received")[];
            /** @enum {string} */
            format: "standard" | "slack" | "teams";
            id: string;
            secret: string;
            url: string;
        };
        /**
         * @example {
         *       "delivery_id": "whd_Tq9Lx3Vm7KzB2nRw5YpCsA",
         *       "event_id": "evt_R4kX9mQ2vL7tZp1WnB8yCd",
         *       "event_type": "escalation.created",
         *       "attempt": 1,
         *       "status": "succeeded",
         *       "response_code": 200,
         *       "error": null,
         *       "at": "2026-03-02T09:35:01.000Z",
         *       "duration_ms": 143
         *     }
         */
        WebhookDelivery: {
            at: string;
            attempt: number;
            delivery_id: string;
            duration_ms: number | null;
            error: string | null;
            event_id: string;
            /** @enum {string} */
            event_type: "escalation.created" | "escalation.assigned" | "escalation.claimed" | "escalation.closed" | "conversation.started" | "conversation.ended" | "conversation.resolved" | "link.created" | "link.expired" | "security.alert" | "feedback.received";
            response_code: number | null;
            /** @enum {string} */
            status: "succeeded" | "failed" | "pending";
        };
        /**
         * @example {
         *       "deliveries": [
         *         {
         *           "delivery_id": "whd_Tq9Lx3Vm7KzB2nRw5YpCsA",
         *           "event_id": "evt_R4kX9mQ2vL7tZp1WnB8yCd",
         *           "event_type": "escalation.created",
         *           "attempt": 1,
         *           "status": "succeeded",
         *           "response_code": 200,
         *           "error": null,
         *           "at": "2026-03-02T09:35:01.000Z",
         *           "duration_ms": 143
         *         }
         *       ]
         *     }
         */
        WebhookDeliveryList: {
            deliveries: components["schemas"]["WebhookDelivery"][];
        };
        /**
         * @example {
         *       "webhooks": [
         *         {
         *           "id": "whk_Np5Vx2Kq8ZmLt4Rw",
         *           "url": "https://hooks.acme.example/parley",
         *           "events": [
         *             "escalation.created",
         *             "conversation.ended"
         *           ],
         *           "format": "standard",
         *           "created_at": "2026-03-02T09:30:00.000Z"
         *         }
         *       ]
         *     }
         */
        WebhookList: {
            webhooks: components["schemas"]["Webhook"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    postA2aByToken: {
        parameters: {
            query?: never;
            header?: {
                /** @description The A2A version the client speaks: `1.0`, or `0.3` (also when absent), answered in that version’s shapes */
                "a2a-version"?: string;
            };
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        /** @description A JSON-RPC 2.0 request of the A2A protocol */
        requestBody: {
            content: {
                "application/json": components["schemas"]["A2AJsonRpcRequest"];
            };
        };
        responses: {
            /** @description A JSON-RPC 2.0 answer (`{jsonrpc, id, result | error}`), or for a streaming method an SSE stream of them (`data:` lines; an `error` event ends a stream that failed). A refusal of the link’s rules is a JSON-RPC error whose `data` is the platform’s error body (`code`, `message`, `details`, `request_id`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A2AJsonRpcResponse"];
                    "text/event-stream": components["schemas"]["A2AJsonRpcResponse"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getA2aByTokenWellKnownAgentCardJson: {
        parameters: {
            query?: never;
            header?: {
                /** @description The A2A version the client speaks: `1.0`, or `0.3` (also when absent), answered in that version’s shapes */
                "a2a-version"?: string;
            };
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An A2A AgentCard */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["A2AAgentCard"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAgentRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentDetail"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putAgentsByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAgentRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentSettings"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putAgentsByNameActiveVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetActiveVersionRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivatedVersion"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByNameAnalytics: {
        parameters: {
            query?: {
                /** @description Width of the points of `series` */
                bucket?: "hour" | "day";
                /** @description `csv` streams the answer as CSV; default JSON, or CSV when `Accept` prefers `text/csv` */
                format?: "json" | "csv";
                /** @description Start of the window (inclusive); default `to` minus 30 days */
                from?: string;
                /** @description End of the window (exclusive); default now */
                to?: string;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsReport"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByNameConversationsExport: {
        parameters: {
            query?: {
                /** @description The answer is CSV whatever this says; `csv` is accepted for symmetry with the other exports */
                format?: "csv";
                /** @description Conversations started from then (inclusive); default `to` minus 30 days */
                from?: string;
                /** @description Only the conversations of this public link of the agent's */
                link_id?: string;
                /** @description Conversations started before then (exclusive); default now */
                to?: string;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description text/csv: a header row, then one row per message */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example response */
                    "text/csv": string;
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByNameKnowledgeGaps: {
        parameters: {
            query?: {
                /** @description Start of the window (inclusive); default `to` minus 30 days */
                from?: string;
                /** @description How many gaps, newest first (1–500, default 100) */
                limit?: number;
                /** @description End of the window (exclusive); default now */
                to?: string;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeGapList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgentsByNamePlaygroundSessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlaygroundSessionRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateSessionResponse"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgentsByNamePlaygroundSessionsBySessionIdMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                /** @description The `session_id` the playground session was created with (`text_…`) */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessageRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SendMessageResponse"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description content_blocked: the message met a content rule that blocks it (`details.rule`); it was stored nowhere */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByNamePublicLinks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgentsByNamePublicLinks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateLinkRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedLink"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putAgentsByNamePublicLinksById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link id (`lnk_…`) */
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateLinkRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Link"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteAgentsByNamePublicLinksById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link id (`lnk_…`) */
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgentsByNamePublicLinksByIdIdentitySecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link id (`lnk_…`) */
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentitySecret"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgentsByNamePublicLinksByIdRotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link id (`lnk_…`) */
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "send": {
                 *         "channels": [
                 *           {
                 *             "type": "email"
                 *           }
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["RotateLinkRequest"] | null;
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedLink"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByNamePublicLinksByIdSessions: {
        parameters: {
            query?: {
                limit?: number;
                status?: "active" | "ended";
            };
            header?: never;
            path: {
                /** @description The link id (`lnk_…`) */
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkSessionList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgentsByNamePublicLinksByIdSessionsByConversationIdEnd: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The session's conversation id */
                conversation_id: string;
                /** @description The link id (`lnk_…`) */
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkSession"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgentsByNamePublicLinksBulk: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkCreateLinksRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkCreatedLinks"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByNameTestRuns: {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (opaque) */
                cursor?: string;
                /** @description Runs per page, 1 to 100 (default 20) */
                limit?: number;
                /** @description Only the runs of this version */
                version?: number;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestRunList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByNameTestRunsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestRun"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByNameTests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentTestList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgentsByNameTests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentTestRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentTestCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByNameTestsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentTest"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putAgentsByNameTestsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentTestRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentTest"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteAgentsByNameTestsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgentsByNameTestsFromConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentTestFromConversationRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentTestCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgentsByNameVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateVersionRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentVersionCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByNameVersionsByVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentVersion"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postAgentsByNameVersionsByVersionTestRuns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentTestCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentsByNameVersionsByVersionTools: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentToolList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAudit: {
        parameters: {
            query?: {
                action?: string;
                /** @description A key or member id, or a kind: member, key, admin, mcp, system */
                actor?: string;
                cursor?: string;
                /** @description `csv` streams the answer as CSV; default JSON, or CSV when `Accept` prefers `text/csv` */
                format?: "json" | "csv";
                from?: string;
                limit?: number;
                /** @description The id of what changed */
                target?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAuditVerify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerification"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCannedReplies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CannedReplyList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postCannedReplies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCannedReplyRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CannedReply"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putCannedRepliesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The canned reply’s id (`cr_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCannedReplyRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CannedReply"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteCannedRepliesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The canned reply’s id (`cr_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getChatSecrets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatSecretList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postChatSecrets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /** @example {} */
                "application/json": components["schemas"]["CreateChatSecretRequest"] | null;
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatSecretCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteChatSecretsBySecretId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                secret_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postChatSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSessionRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateSessionResponse"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getChatSessionsBySessionId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `session_id` returned at creation (`text_…`) */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionStatusResponse"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteChatSessionsBySessionId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `session_id` returned at creation (`text_…`) */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndSessionResponse"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postChatSessionsBySessionIdEscalate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `session_id` returned at creation (`text_…`) */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EscalateRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EscalationCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getChatSessionsBySessionIdEscalations: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `session_id` returned at creation (`text_…`) */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EscalationList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postChatSessionsBySessionIdMessages: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a retry with the same key and content returns the first result and never runs the turn twice; the same key with other content is 409. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description The `session_id` returned at creation (`text_…`) */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessageRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SendMessageResponse"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description content_blocked: the message met a content rule that blocks it (`details.rule`); it was stored nowhere */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getChatUsersByUserIdConversations: {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page (opaque) */
                cursor?: string;
                /** @description Conversations per page, 1 to 100 (default 20) */
                limit?: number;
                /** @description Only the sessions of this tenant (user ids are the backend’s own; one that serves several tenants may keep them apart) */
                tenant_id?: string;
            };
            header?: never;
            path: {
                /** @description The `metadata.user_id` the sessions were created with */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserConversationList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getConversations: {
        parameters: {
            query?: {
                /** @description An agent's name (another name: 404) */
                agent?: string;
                /** @description `next_cursor` of the previous page (opaque) */
                cursor?: string;
                /** @description Only conversations with this label */
                label?: string;
                /** @description Conversations per page, 1 to 100 (default 25) */
                limit?: number;
                /** @description Words the messages hold (full text; `"a phrase"`, `or`, `-word`) */
                q?: string;
                /** @description The conversation's status */
                status?: "active" | "completed" | "abandoned" | "error";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationSearchList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getConversationsByConversationId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation id every channel returns */
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationDetail"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putConversationsByConversationIdLabels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation id every channel returns */
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetConversationLabelsRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationLabels"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getConversationsByConversationIdTrace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationTrace"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getConversationsByConversationIdUploadsByUploadId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation id every channel returns */
                conversation_id: string;
                upload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file’s bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getInbox: {
        parameters: {
            query?: {
                agent?: string;
                state?: "waiting" | "assigned" | "claimed" | "open" | "all" | "mine";
                team?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postInboxByEscalationIdAccept: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The escalation id (`esc_…`) */
                escalation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxItemAnswer"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postInboxByEscalationIdClaim: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The escalation id (`esc_…`) */
                escalation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxItemAnswer"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postInboxByEscalationIdClose: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The escalation id (`esc_…`) */
                escalation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxItemAnswer"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postInboxByEscalationIdMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The escalation id (`esc_…`) */
                escalation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OperatorMessageRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorMessageSent"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postInboxByEscalationIdNotes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The escalation id (`esc_…`) */
                escalation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateNoteRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationNote"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postInboxByEscalationIdRelease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The escalation id (`esc_…`) */
                escalation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxItemAnswer"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postInboxByEscalationIdTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The escalation id (`esc_…`) */
                escalation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxItemAnswer"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postInboxByEscalationIdTyping: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The escalation id (`esc_…`) */
                escalation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxItemAnswer"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getInboxEvents: {
        parameters: {
            query?: {
                /** @description Resume after this event id */
                last_event_id?: string;
            };
            header?: {
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example response */
                    "text/event-stream": string;
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getInboxPresence: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OperatorPresenceList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putInboxPresence: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Presence"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Presence"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteKeysByKeyId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getKnowledge: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeBaseList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postKnowledge: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateKnowledgeBaseRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeBase"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getKnowledgeById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeBase"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putKnowledgeById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateKnowledgeBaseRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeBase"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteKnowledgeById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getKnowledgeByIdDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeDocumentList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postKnowledgeByIdDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "title": "title",
                 *       "text": "text"
                 *     }
                 */
                "application/json": components["schemas"]["AddKnowledgeDocumentRequest"] | null;
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeDocument"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unsupported_media_type: the file’s type (judged from its bytes) is not one this link takes; `details.type` names it */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getKnowledgeByIdDocumentsByDoc: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                doc: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeDocument"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteKnowledgeByIdDocumentsByDoc: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                doc: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getKnowledgeByIdSearch: {
        parameters: {
            query: {
                limit?: number;
                q: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KnowledgeSearchResults"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLinkTemplates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkTemplateList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLinkTemplates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateLinkTemplateRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkTemplate"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putLinkTemplatesByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateLinkTemplateRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkTemplate"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteLinkTemplatesByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The template's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLinksByIdAnalytics: {
        parameters: {
            query?: {
                /** @description Width of the points of `series` */
                bucket?: "hour" | "day";
                /** @description `csv` streams the answer as CSV; default JSON, or CSV when `Accept` prefers `text/csv` */
                format?: "json" | "csv";
                /** @description Start of the window (inclusive); default `to` minus 30 days */
                from?: string;
                /** @description End of the window (exclusive); default now */
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsReport"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMembers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postMembers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateMemberRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putMembersByMemberId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                member_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMemberRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteMembersByMemberId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                member_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPublicLinksByIdDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link id (`lnk_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LinkDeliveryList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicLinksBulkDelete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkDeleteLinksRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkDeletedLinks"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicLinksBulkUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkUpdateLinksRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkUpdatedLinks"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicAguiByToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        /** @description An AG-UI RunAgentInput (https://docs.ag-ui.com) */
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgUiRunInput"];
            };
        };
        responses: {
            /** @description An AG-UI event stream (`text/event-stream`, or AG-UI protobuf when `Accept` asks for it): RUN_STARTED (its `threadId` is the session credential to send as the next run’s `threadId`), TEXT_MESSAGE_START, TEXT_MESSAGE_CONTENT (the reply as it is written), TEXT_MESSAGE_END for each message the agent says, then RUN_FINISHED (`result`: the public chat reply’s fields), or RUN_ERROR with the platform’s error `code` and `message` (`metadata`: `request_id`, `details`) – every refusal of the link’s rules is one, answered 200. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example response */
                    "text/event-stream": string;
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicChatByToken: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a retry with the same key and content returns the first result and never runs the turn twice; the same key with other content is 409. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublicChatRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicChatResponse"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description content_blocked: the message met a content rule that blocks it (`details.rule`); it was stored nowhere */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicChatByTokenEscalate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublicEscalateRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EscalationCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPublicChatByTokenEscalations: {
        parameters: {
            query: {
                /** @description The session credential (`pcs_…`) */
                session: string;
            };
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EscalationList"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicChatByTokenMessagesByMessageIdFeedback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `id` of an agent’s or operator’s message, from the history, the live events or a chat reply */
                message_id: string;
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MessageFeedbackRequest"];
            };
        };
        responses: {
            /** @description Kept; a later one replaces it */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicChatByTokenNew: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a retry with the same key and content returns the first result and never runs the turn twice; the same key with other content is 409. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublicChatRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicChatResponse"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description content_blocked: the message met a content rule that blocks it (`details.rule`); it was stored nowhere */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicChatByTokenOfflineMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OfflineMessageRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfflineMessageLeft"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description content_blocked: the message met a content rule that blocks it (`details.rule`); it was stored nowhere */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicChatByTokenRating: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConversationRatingRequest"];
            };
        };
        responses: {
            /** @description Kept; a later one replaces it */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicChatByTokenResume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResumeConversationRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResumedSession"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deletePublicChatByTokenSession: {
        parameters: {
            query: {
                /** @description The session credential (`pcs_…`) of the conversation to erase */
                session: string;
            };
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErasureResult"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicChatByTokenTranscript: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TranscriptRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TranscriptRequested"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicChatByTokenTyping: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublicTypingRequest"];
            };
        };
        responses: {
            /** @description Noted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicChatByTokenUploads: {
        parameters: {
            query: {
                /** @description The session credential (`pcs_…`) from a chat reply */
                session: string;
            };
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unsupported_media_type: the file’s type (judged from its bytes) is not one this link takes; `details.type` names it */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPublicConversationsByToken: {
        parameters: {
            query: {
                /** @description `next_cursor` of the previous page (opaque) */
                cursor?: string;
                /** @description Conversations per page, 1 to 100 (default 20) */
                limit?: number;
                /** @description The visitor’s session credential (`pcs_…`): a signed-in user’s or a verified email’s */
                session: string;
            };
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitorConversationList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPublicEventsByToken: {
        parameters: {
            query?: {
                /** @description Resume after this event id (for clients that cannot set `Last-Event-ID`) */
                last_event_id?: string;
                /** @description The session credential (`pcs_…`) from a chat reply */
                session?: string;
            };
            header?: {
                /** @description Resume after this event id: sent by EventSource when it reconnects */
                "last-event-id"?: string;
            };
            path: {
                /** @description The link token from the `/c/{token}` URL */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An SSE stream (`text/event-stream`). Every event has an `id:`; reconnecting with `Last-Event-ID` resumes after it without loss. Events: `delta` `{message_id, text}`, `message` `{id, role, content}`, `status` `{state: "thinking" | "typing" | "idle", label?}`, `session_ended` `{reason}`; `reset` `{}` when the id asked for has left the log (reload the history, then keep listening). A comment line every SSE_HEARTBEAT_SECONDS (default 15) keeps the connection open. A session may hold LIVE_STREAMS_PER_SESSION (default 5) and an address LIVE_STREAMS_PER_ADDRESS (default 30) live streams, SSE and WebSocket together: past either, 429 `rate_limited` with Retry-After and `details.limit` `streams_per_session` or `streams_per_address`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example response */
                    "text/event-stream": string;
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPublicHistoryByToken: {
        parameters: {
            query: {
                /** @description Polling instead of the SSE stream: also answer the live events after this event id (empty: every event kept) */
                after?: string;
                /** @description The session credential (`pcs_…`) from a chat reply */
                session: string;
            };
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicHistory"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPublicLinksByToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicLinkInfo"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPublicLinksByTokenChallenge: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProofOfWorkChallenge"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicSessionsByToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from the URL `/c/{token}` */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartPublicSessionRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicSessionStarted"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPublicUploadsByUploadId: {
        parameters: {
            query: {
                /** @description The session credential (`pcs_…`) from a chat reply */
                session: string;
            };
            header?: never;
            path: {
                /** @description The `upload_id` an upload answered */
                upload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file’s bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicVerifyByToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from its URL (`/c/{token}`) */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyEmailRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerificationSent"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postPublicVerifyByTokenConfirm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The link token from its URL (`/c/{token}`) */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmEmailRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicSessionStarted"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPublicWsByToken: {
        parameters: {
            query?: {
                /** @description Resume after this event id (the `id` of the last event received) */
                last_event_id?: string;
                /** @description The session credential (`pcs_…`) from a chat reply */
                session?: string;
            };
            header?: never;
            path: {
                /** @description The link token from the `/c/{token}` URL */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching Protocols: the connection is a WebSocket from here on */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description gone: the session has ended */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSchedules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postSchedules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateScheduleRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSchedulesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The schedule id (`schd_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putSchedulesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The schedule id (`schd_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateScheduleRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteSchedulesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The schedule id (`schd_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postSchedulesByIdRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The schedule id (`schd_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleRun"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSchedulesByIdRuns: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The schedule id (`schd_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleRunList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSecrets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantSecretList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postSecrets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTenantSecretRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantSecretCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putSecretsByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name a tool writes as `{{secrets.NAME}}`: `[A-Z][A-Z0-9_]{0,63}` */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTenantSecretRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantSecret"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteSecretsByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The name a tool writes as `{{secrets.NAME}}`: `[A-Z][A-Z0-9_]{0,63}` */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTeams: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postTeams: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTeamRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTeamsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The team id (`team_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putTeamsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The team id (`team_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTeamRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteTeamsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The team id (`team_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTenants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postTenants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTenantRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putTenantsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTenantRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postTenantsByIdKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "name"
                 *     }
                 */
                "application/json": components["schemas"]["CreateTenantKeyRequest"] | null;
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantKeyCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description conflict: the resource changed meanwhile, or already exists; retry or choose another */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteVisitorsByEmail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The visitor’s email, URL-encoded */
                email: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErasureResult"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getVisitorsByEmailExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The visitor’s email, URL-encoded */
                email: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailExport"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteVisitorsPhonesByPhone: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The phone number in E.164 form (`+14155550123`, the `+` as it is or as `%2B`) */
                phone: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneErasureResult"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getVisitorsPhonesByPhoneExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The phone number in E.164 form (`+14155550123`, the `+` as it is or as `%2B`) */
                phone: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneExport"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteVisitorsUsersByUserId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The signed user’s id (widget identity or `metadata.user_id`), URL-encoded */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErasureResult"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getVisitorsUsersByUserIdExport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The signed user’s id (widget identity or `metadata.user_id`), URL-encoded */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserExport"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookCreated"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhooksById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook id (`whk_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhooksByIdDeliveries: {
        parameters: {
            query?: {
                /** @description Attempts answered at most, newest first (default 100) */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The webhook id (`whk_…`) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryList"];
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description payload_too_large: the body is larger than the gateway accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMcp: {
        parameters: {
            query?: never;
            header?: {
                /** @description The protocol version `initialize` agreed on (the MCP specification) */
                "mcp-protocol-version"?: string;
                /** @description The session, as the `initialize` answer named it: on every request but that one */
                "mcp-session-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON-RPC messages from the server, as server-sent events, while the stream is open */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example response */
                    "text/event-stream": string;
                };
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postMcp: {
        parameters: {
            query?: never;
            header?: {
                /** @description The protocol version `initialize` agreed on (the MCP specification) */
                "mcp-protocol-version"?: string;
                /** @description The session, as the `initialize` answer named it: on every request but that one */
                "mcp-session-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "jsonrpc": "2.0"
                 *     }
                 */
                "application/json": components["schemas"]["McpJsonRpcMessage"] | components["schemas"]["McpJsonRpcMessage"][];
            };
        };
        responses: {
            /** @description The answers to the requests sent, as JSON-RPC messages in server-sent events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example response */
                    "text/event-stream": string;
                };
            };
            /** @description Accepted: only notifications or responses were sent, so nothing answers them */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteMcp: {
        parameters: {
            query?: never;
            header?: {
                /** @description The protocol version `initialize` agreed on (the MCP specification) */
                "mcp-protocol-version"?: string;
                /** @description The session, as the `initialize` answer named it: on every request but that one */
                "mcp-session-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session is closed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid: bad body, path, query or header; `details` names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unauthorized: missing or bad signature or key; `details.reason` says which check refused */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description forbidden: the key may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rate_limited: too many requests from this address; wait `Retry-After` seconds */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description unavailable: a dependency is down or busy; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
