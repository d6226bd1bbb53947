// Which of the node's assumptions a Consonance GraphQL error points at, for the messages graphql-js
// really produces (made here by validating against a schema without the assumed names) and for
// graphql-ruby's phrasing (Consonance's server); and unknown enum values in answers.
import {
	buildSchema,
	getVariableValues,
	parse,
	validate,
	type OperationDefinitionNode,
} from 'graphql';
import {
	assumptionFailure,
	assumptionsBehind,
	knownEnumValue,
	UnknownEnumValueError,
} from '../../nodes/Consonance/helpers/assumptionErrors';
import {
	SCHEMA_ASSUMPTIONS,
	SUPPORTING_RESOURCE_VARIANTS,
} from '../../nodes/Consonance/helpers/assumptions';
import {
	toMarketingTextOutput,
	toSupportingResourceOutput,
} from '../../nodes/Consonance/helpers/records';

// A schema that differs from what the node assumes: embargoDate is embargoOn, there is no web link
// mutation, the status enum has no leading underscore, marketingTexts has no variantIn argument.
const OTHER_SCHEMA = buildSchema(`
	enum ONIXPublishingStatusCode { S04 S07 }
	input UpdateProductInput {
		id: Int! title: String embargoOn: String onixPublishingStatusCode: ONIXPublishingStatusCode
	}
	type Product { id: Int! }
	type MarketingText { id: Int! }
	type Work { id: Int! marketingTexts: [MarketingText!]! }
	type UpdateProductPayload { product: Product }
	type Query { work(id: Int): Work }
	type Mutation { updateProduct(input: UpdateProductInput!): UpdateProductPayload }
`);

function graphqlJsErrors(query: string, variables: Record<string, unknown> = {}): string[] {
	const document = parse(query);
	const errors = validate(OTHER_SCHEMA, document).map((e) => e.message);
	if (errors.length) return errors;
	const operation = document.definitions[0] as OperationDefinitionNode;
	return (
		getVariableValues(OTHER_SCHEMA, operation.variableDefinitions ?? [], variables).errors ?? []
	).map((e) => e.message);
}

const ids = (messages: string[]) => assumptionsBehind(messages).map((a) => a.id);
const UPDATE =
	'mutation Run($input: UpdateProductInput!) { updateProduct(input: $input) { product { id } } }';

describe('assumptionsBehind: graphql-js messages', () => {
	it('an unknown input field sent as a variable → the assumption naming it, not the others its value mentions', () => {
		const messages = graphqlJsErrors(UPDATE, {
			input: { id: 1, title: 'x', embargoDate: '2027-01-01' },
		});
		expect(messages[0]).toContain(
			'Field "embargoDate" is not defined by type "UpdateProductInput"',
		);
		expect(ids(messages)).toEqual(['product-update-fields']);
	});

	it('an unknown enum value in a variable → the ONIX prefix assumption', () => {
		const messages = graphqlJsErrors(UPDATE, { input: { id: 1, onixPublishingStatusCode: '_04' } });
		expect(messages[0]).toMatch(/Value "_04" does not exist in "ONIXPublishingStatusCode" enum/);
		expect(ids(messages)).toEqual(['onix-enum-prefix']);
	});

	it('an unknown mutation → the web link assumption', () => {
		const messages = graphqlJsErrors(
			'mutation { createWebLink(input: {}) { errors { message } } }',
		);
		expect(messages[0]).toMatch(/Cannot query field "createWebLink" on type "Mutation"/);
		expect(ids(messages)).toEqual(['web-links']);
	});

	it('an unknown argument → the marketing text assumption', () => {
		const messages = graphqlJsErrors(
			'{ work(id: 1) { marketingTexts(variantIn: [MAIN_DESCRIPTION]) { id } } }',
		);
		expect(messages[0]).toMatch(/Unknown argument "variantIn" on field "Work.marketingTexts"/);
		expect(ids(messages)).toEqual(['marketing-text-fields']);
	});
});

describe('assumptionsBehind: graphql-ruby phrasing and unrelated errors', () => {
	it.each([
		["Field 'embargoDate' doesn't exist on type 'UpdateProductInput'", 'product-update-fields'],
		[
			'Variable $search of type ProductSearchAttributes was provided invalid value for ' +
				'publicationDateGteq (Field is not defined on ProductSearchAttributes)',
			'publication-date-range',
		],
		["Field 'createWebLink' doesn't exist on type 'Mutation'", 'web-links'],
		[
			"Argument 'resourceVariant' on InputObject 'CreateSupportingResourceInput' has an " +
				"invalid value (FRONT_COVER). Expected type 'SupportingResourceVariant'.",
			'supporting-resource-variants',
		],
	])('%s → %s', (message, id) => {
		expect(ids([message])).toContain(id);
	});

	it('errors that name no assumed field point at none', () => {
		expect(
			ids([
				'Product 5001 not found',
				'Internal server error',
				'Unauthorized',
				'Cannot query field "fooBar" on type "Product".',
			]),
		).toEqual([]);
	});

	it('every assumption has coordinates of the form the matcher reads', () => {
		for (const a of SCHEMA_ASSUMPTIONS)
			for (const c of a.coordinates) expect(c).toMatch(/^\w+\.\w+(\(\w+:\))?$/);
	});

	it('the failure text names the assumption, what to run and the GraphQL operation', () => {
		const { clause, description } = assumptionFailure(
			SCHEMA_ASSUMPTIONS.filter((a) => a.id === 'product-update-fields'),
		);
		expect(clause).toBe(
			'the node\'s assumption "product-update-fields" about the Consonance API does not hold for this account',
		);
		expect(description).toContain('updateProduct takes isbn, title, subtitle');
		expect(description).toContain('npm run check:live');
		expect(description).toContain('GraphQL operation of the Consonance node');
	});
});

describe('unknown enum values in answers', () => {
	it('a supporting resource with a variant the node does not know is an error naming the assumption', () => {
		const resource = { id: 1, resourceVariant: 'FRONT_COVER_3D', status: 'DRAFT', work: { id: 2 } };
		expect(() => toSupportingResourceOutput(resource)).toThrow(UnknownEnumValueError);
		expect(() => toSupportingResourceOutput(resource)).toThrow(
			new RegExp(
				'SupportingResourceVariant "FRONT_COVER_3D", which the node\'s assumption ' +
					'"supporting-resource-variants" does not list',
			),
		);
		try {
			toSupportingResourceOutput(resource);
		} catch (error) {
			expect((error as UnknownEnumValueError).description).toContain('npm run check:live');
		}
	});

	it('a marketing text with an unknown variant, and an unknown status, likewise', () => {
		expect(() => toMarketingTextOutput({ id: 1, variant: 'FLAP_COPY' }, 2)).toThrow(
			/"marketing-text-variants"/,
		);
		expect(() =>
			toSupportingResourceOutput({ id: 1, resourceVariant: 'OTHER', status: 'ARCHIVED' }),
		).toThrow(/"supporting-resource-statuses"/);
	});

	it('known values and absent ones read as before', () => {
		expect(
			toSupportingResourceOutput({ id: 1, resourceVariant: 'FRONT_COVER', status: null }),
		).toMatchObject({ variant: { code: 'FRONT_COVER', name: 'Front Cover' }, status: null });
		expect(
			knownEnumValue(undefined, 'SupportingResourceVariant', 'x', SUPPORTING_RESOURCE_VARIANTS),
		).toBeNull();
	});
});
