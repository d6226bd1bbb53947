// ESLint 9 flat config: n8n's community-node rules (the set n8n's package scanner applies, cloud
// rules included) and eslint-plugin-n8n-nodes-base's community / credentials / nodes rule sets.
import tsParser from '@typescript-eslint/parser';
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const base = n8nNodesBase.configs;

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'sandbox/**',
			'test/**',
			'bench/**',
			'scripts/**',
			'.cache/**',
		],
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		...communityNodes.configs.recommended,
		ignores: [],
	},
	{
		files: ['package.json'],
		// typescript-estree parses a .json file as one object expression, which is what both plugins' package.json rules walk.
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nNodesBase, ...communityNodes.configs.recommended.plugins },
		rules: {
			...base.community.rules,
			...Object.fromEntries(
				Object.entries(communityNodes.configs.recommended.rules).filter(([name]) =>
					/package|dependencies|lifecycle|overrides|n8n-object|valid-author|homepage|files-array|require-version|ai-node/.test(
						name,
					),
				),
			),
		},
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: { parser: tsParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...base.credentials.rules,
			// "Only applicable to nodes in the main repository" (the rule's own words): community
			// credentials link full URLs, which @n8n/community-nodes/credential-documentation-url checks.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: { parser: tsParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...base.nodes.rules,
			// The same three rules n8n's own node-cli config turns off for programmatic nodes.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
];
