/**
 * The one list splitter of both nodes: an array (from an expression) gives one value per element
 * (nested arrays flattened); a text is split at commas, semicolons and line breaks. Values are
 * trimmed and empty ones dropped.
 */
export function splitList(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	const parts = Array.isArray(value) ? (value.flat(Infinity) as unknown[]).map((v) => String(v ?? '')) : String(value).split(/[,;\n\r]+/);
	return parts.map((p) => p.trim()).filter((p) => p !== '');
}
