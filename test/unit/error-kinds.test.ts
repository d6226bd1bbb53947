// Errors that say what they are about where they are raised (EncodingError.subject,
// ServiceError.kind), so that no caller reads a message to decide.
import type { INode } from 'n8n-workflow';
import {
	encodeAccessControl,
	encodeContext,
	encodeMetadata,
	EncodingError,
} from '../../nodes/Cloudinary/helpers/encoding';
import { isTransient, serviceError } from '../../nodes/shared/errors';
import { statusKind } from '../../nodes/shared/http';

function subjectOf(encode: () => string): string {
	try {
		encode();
	} catch (error) {
		expect(error).toBeInstanceOf(EncodingError);
		return (error as EncodingError).subject;
	}
	throw new Error('no EncodingError was raised');
}

describe('EncodingError names what it is about', () => {
	it('for each kind of bad input, whatever its message', () => {
		expect(subjectOf(() => encodeContext({ 'a=b': 'x' }))).toBe('key');
		expect(subjectOf(() => encodeMetadata({ f: { nested: true } }))).toBe('value');
		expect(subjectOf(() => encodeAccessControl('not json'))).toBe('rules');
		expect(subjectOf(() => encodeAccessControl([{ access_type: 'key start end' }]))).toBe(
			'accessType',
		);
		expect(
			subjectOf(() => encodeAccessControl([{ access_type: 'anonymous', start: 'the end' }])),
		).toBe('start');
		expect(subjectOf(() => encodeAccessControl([{ access_type: 'anonymous', end: 'a key' }]))).toBe(
			'end',
		);
		expect(
			subjectOf(() =>
				encodeAccessControl([{ access_type: 'anonymous', start: '2026-02-01', end: '2026-01-01' }]),
			),
		).toBe('end');
		expect(subjectOf(() => encodeAccessControl([{ access_type: 'token', key: 'start-end' }]))).toBe(
			'tokenKey',
		);
	});
});

describe('ServiceError kinds', () => {
	const node: INode = {
		name: 'Cloudinary',
		type: 'cloudinary',
		typeVersion: 1,
		parameters: {},
		id: 'n',
		position: [0, 0],
	};

	it('a final status is transient only for the statuses worth retrying', () => {
		for (const status of [408, 420, 423, 429, 500, 502, 503, 504])
			expect(statusKind(status)).toBe('transient');
		for (const status of [400, 401, 403, 404, 409, 422])
			expect(statusKind(status)).toBe('rejected');
	});

	it('isTransient reads the kind, never the message', () => {
		expect(isTransient(serviceError(node, 'X', { kind: 'unreachable', message: 'ok' }))).toBe(true);
		expect(
			isTransient(serviceError(node, 'X', { kind: 'transient', message: 'fine', httpCode: 503 })),
		).toBe(true);
		expect(
			isTransient(
				serviceError(node, 'X', {
					kind: 'rejected',
					message: 'could not be reached (HTTP 503)',
					httpCode: 400,
				}),
			),
		).toBe(false);
		expect(
			isTransient(serviceError(node, 'X', { kind: 'requestFailed', message: 'timeout' })),
		).toBe(false);
		expect(isTransient(new Error('could not be reached'))).toBe(false);
	});

	it('keeps the message and status n8n shows', () => {
		const error = serviceError(node, 'Consonance', {
			kind: 'graphql',
			message: 'GraphQL error: nope',
			serviceMessages: ['nope'],
			httpCode: 200,
			itemIndex: 3,
		});
		expect(error.message).toBe('Item 3: Consonance: GraphQL error: nope');
		expect(error.httpCode).toBe('200');
		expect(error.serviceMessages).toEqual(['nope']);
	});
});
