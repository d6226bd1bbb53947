'use strict';
// The control API's incoming-webhook sink (a team chat or alerting channel for the templates), over
// real HTTP: it keeps what is posted, and `refuse` makes it answer like a channel that is down.
const { startTestSandbox } = require('../../scripts/lib/sandbox');

let sb;
beforeAll(async () => {
	sb = await startTestSandbox({ products: 5 });
});
afterAll(async () => {
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.delete('/sink');
});

const post = (name, body) => sb.control.post(`/sink/${name}`, body);
const kept = async (name) =>
	(await sb.control.get(`/sink/${name}`)).data.messages.map((m) => m.body);

test('keeps every post, JSON or text, oldest first; DELETE empties it', async () => {
	expect((await post('chat', { text: 'one' })).status).toBe(200);
	expect((await post('chat', 'two')).status).toBe(200);
	expect(await kept('chat')).toEqual([{ text: 'one' }, 'two']);
	await sb.control.delete('/sink/chat');
	expect(await kept('chat')).toEqual([]);
});

test('refuse answers the next posts with the status and keeps none of them, then accepts again', async () => {
	expect((await sb.control.post('/sink/chat/refuse', { status: 502, count: 2 })).status).toBe(200);
	const answers = [];
	for (const text of ['a', 'b', 'c']) answers.push((await post('chat', { text })).status);
	expect(answers).toEqual([502, 502, 200]);
	expect(await kept('chat')).toEqual([{ text: 'c' }]);
	// another sink is not affected
	expect((await post('other', { text: 'x' })).status).toBe(200);
});

test('refuse with match refuses only the posts containing it; DELETE ends the refusals', async () => {
	await sb.control.post('/sink/chat/refuse', { match: '9781', count: 5 });
	expect((await post('chat', { isbn: '9781810000015' })).status).toBe(503);
	expect((await post('chat', { isbn: '9780000000002' })).status).toBe(200);
	await sb.control.delete('/sink/chat');
	expect((await post('chat', { isbn: '9781810000015' })).status).toBe(200);
	expect(await kept('chat')).toEqual([{ isbn: '9781810000015' }]);
});

test('a refusal that is not a failure status or count is rejected with what is valid', async () => {
	for (const body of [{ status: 200 }, { status: '503' }, { count: 0 }]) {
		const res = await sb.control.post('/sink/chat/refuse', body);
		expect([res.status, res.data.error.message]).toEqual([
			400,
			expect.stringMatching(/400–599.*≥ 1/),
		]);
	}
});
