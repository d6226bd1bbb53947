'use strict';
// Structured metadata: field definitions (string, integer, date, enum, set), their datasources
// (upsert, soft delete, restore, order), permanent external ids, and validation of values
// assigned to assets (docs/api-facts.md, "Admin API").
const crypto = require('node:crypto');
const { fail, missing } = require('./errors');
const A = require('./assumptions');

const TYPES = ['string', 'integer', 'date', 'enum', 'set'];

function clone(x) {
	return x === undefined ? undefined : JSON.parse(JSON.stringify(x));
}

function randomId() {
	return crypto.randomUUID();
}

function isDate(s) {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkRule(rule, value, type) {
	if (!rule) return null;
	const cmp = (a, b) =>
		type === 'integer'
			? Number(a) - Number(b)
			: String(a) < String(b)
				? -1
				: String(a) > String(b)
					? 1
					: 0;
	switch (rule.type) {
		case 'greater_than': {
			const c = cmp(value, rule.value);
			return c > 0 || (rule.equals && c === 0)
				? null
				: `must be greater than ${rule.equals ? 'or equal to ' : ''}${rule.value}`;
		}
		case 'less_than': {
			const c = cmp(value, rule.value);
			return c < 0 || (rule.equals && c === 0)
				? null
				: `must be less than ${rule.equals ? 'or equal to ' : ''}${rule.value}`;
		}
		case 'strlen': {
			const len = String(value).length;
			if (rule.min !== undefined && rule.min !== null && len < rule.min)
				return `length must be at least ${rule.min}`;
			if (rule.max !== undefined && rule.max !== null && len > rule.max)
				return `length must be at most ${rule.max}`;
			return null;
		}
		case 'and':
			for (const r of rule.rules ?? []) {
				const e = checkRule(r, value, type);
				if (e) return e;
			}
			return null;
		default:
			return null;
	}
}

class MetadataRegistry {
	constructor() {
		this.fields = new Map();
		this.retired = new Set(); // external ids are permanent, even after the field is deleted
		this.createdSeq = 0;
	}

	load(defs = []) {
		this.fields.clear();
		this.retired.clear();
		for (const def of defs) this.create(def, { seeding: true });
	}

	list() {
		return [...this.fields.values()].map((f) => this.view(f));
	}

	view(field) {
		const out = {
			type: field.type,
			external_id: field.external_id,
			label: field.label,
			mandatory: field.mandatory,
			default_value: field.default_value,
			validation: field.validation ?? null,
			default_disabled: field.default_disabled,
			restrictions: field.restrictions,
		};
		if (field.default_value === undefined) delete out.default_value;
		if (field.datasource) {
			out.datasource = { values: field.datasource.values.map((v) => ({ ...v })) };
			out.allow_dynamic_list_values = field.allow_dynamic_list_values;
		}
		return out;
	}

	require(id) {
		const f = this.fields.get(id);
		if (!f) throw fail(404, A.messages.metadataFieldNotFound(id));
		return f;
	}

	get(id) {
		return this.view(this.require(id));
	}

	buildDatasource(values, type) {
		if (!values || !Array.isArray(values.values)) {
			if (type === 'enum' || type === 'set') throw missing('datasource');
			return undefined;
		}
		const seen = new Set();
		return {
			values: values.values.map((v, i) => {
				if (v === null || v === undefined || v.value === undefined || v.value === '')
					throw fail(400, 'Datasource values must have a value');
				const id = v.external_id
					? String(v.external_id)
					: randomId().replace(/-/g, '').slice(0, 12);
				if (seen.has(id)) throw fail(400, `external id ${id} already exists`);
				seen.add(id);
				return {
					external_id: id,
					value: String(v.value),
					position: i,
					state: v.state === 'inactive' ? 'inactive' : 'active',
				};
			}),
		};
	}

	create(def, { seeding = false } = {}) {
		if (!def || typeof def !== 'object') throw missing('type');
		if (!def.type) throw missing('type');
		if (!TYPES.includes(def.type))
			throw fail(400, `Invalid type ${def.type}. Must be one of: ${TYPES.join(', ')}`);
		if (!def.label) throw missing('label');
		const externalId = def.external_id ? String(def.external_id) : randomId();
		if (externalId.length > 255) throw fail(400, 'external_id is too long (max 255)');
		if (this.fields.has(externalId) || this.retired.has(externalId))
			throw fail(400, `external id ${externalId} already exists`);
		const field = {
			type: def.type,
			external_id: externalId,
			label: String(def.label),
			mandatory: Boolean(def.mandatory),
			default_value: def.default_value,
			validation: def.validation ?? null,
			default_disabled: Boolean(def.default_disabled),
			restrictions: { readonly_ui: false, ...(def.restrictions ?? {}) },
			datasource: this.buildDatasource(def.datasource, def.type),
			allow_dynamic_list_values: Boolean(def.allow_dynamic_list_values),
			seq: ++this.createdSeq,
			createdAt: seeding ? 0 : Date.now(),
		};
		if (!field.datasource) delete field.allow_dynamic_list_values;
		if (field.default_value !== undefined && field.default_value !== null) {
			const { error } = this.normalise(field, field.default_value);
			if (error) throw fail(400, `${field.label} default_value is invalid`);
		}
		if (
			field.mandatory &&
			(field.default_value === undefined || field.default_value === null) &&
			!seeding
		) {
			throw fail(400, `${field.label} must have a default_value when mandatory`);
		}
		this.fields.set(externalId, field);
		return this.view(field);
	}

	update(id, def) {
		const field = this.require(id);
		if (def.type && def.type !== field.type)
			throw fail(400, 'A metadata field type cannot be changed');
		const next = { ...field };
		for (const k of [
			'label',
			'mandatory',
			'default_value',
			'validation',
			'default_disabled',
			'restrictions',
			'allow_dynamic_list_values',
		]) {
			if (def[k] !== undefined) next[k] = def[k];
		}
		if (def.datasource) next.datasource = this.mergeDatasource(field, def.datasource.values ?? []);
		if (next.default_value !== undefined && next.default_value !== null) {
			const { error } = this.normalise(next, next.default_value);
			if (error) throw fail(400, `${next.label} default_value is invalid`);
		}
		this.fields.set(id, next);
		return this.view(next);
	}

	remove(id) {
		this.require(id);
		this.fields.delete(id);
		this.retired.add(id);
		return { message: 'ok' };
	}

	mergeDatasource(field, values) {
		if (!field.datasource)
			throw fail(400, `Metadata field ${field.external_id} has no datasource (type ${field.type})`);
		const ds = { values: field.datasource.values.map((v) => ({ ...v })) };
		for (const v of values) {
			if (!v || v.value === undefined || v.value === '')
				throw fail(400, 'Datasource values must have a value');
			const existing = v.external_id
				? ds.values.find((x) => x.external_id === String(v.external_id))
				: undefined;
			if (existing) {
				existing.value = String(v.value);
				if (v.state) existing.state = v.state === 'inactive' ? 'inactive' : 'active';
			} else {
				ds.values.push({
					external_id: v.external_id
						? String(v.external_id)
						: randomId().replace(/-/g, '').slice(0, 12),
					value: String(v.value),
					position: ds.values.length,
					state: 'active',
				});
			}
		}
		return ds;
	}

	upsertDatasource(id, values) {
		const field = this.require(id);
		if (!Array.isArray(values)) throw missing('values');
		field.datasource = this.mergeDatasource(field, values);
		return { values: field.datasource.values.map((v) => ({ ...v })) };
	}

	setDatasourceState(id, externalIds, state) {
		const field = this.require(id);
		if (!field.datasource)
			throw fail(400, `Metadata field ${id} has no datasource (type ${field.type})`);
		const ids = Array.isArray(externalIds) ? externalIds.map(String) : [];
		if (!ids.length) throw missing('external_ids');
		for (const v of field.datasource.values) if (ids.includes(v.external_id)) v.state = state;
		return { values: field.datasource.values.map((v) => ({ ...v })) };
	}

	orderDatasource(id, orderBy, direction) {
		const field = this.require(id);
		if (!field.datasource)
			throw fail(400, `Metadata field ${id} has no datasource (type ${field.type})`);
		if (orderBy !== 'value') throw fail(400, `Invalid order_by ${orderBy}. Must be: value`);
		const dir = String(direction ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
		field.datasource.values.sort((a, b) => dir * a.value.localeCompare(b.value));
		field.datasource.values.forEach((v, i) => (v.position = i));
		return { values: field.datasource.values.map((v) => ({ ...v })) };
	}

	reorder(orderBy, direction) {
		const keys = {
			label: (f) => f.label,
			external_id: (f) => f.external_id,
			created_at: (f) => f.seq,
		};
		const key = keys[orderBy];
		if (!key)
			throw fail(
				400,
				`Invalid order_by ${orderBy}. Must be one of: label, external_id, created_at`,
			);
		const dir = String(direction ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
		const sorted = [...this.fields.values()].sort((a, b) => {
			const x = key(a);
			const y = key(b);
			return dir * (x < y ? -1 : x > y ? 1 : 0);
		});
		this.fields = new Map(sorted.map((f) => [f.external_id, f]));
		return { metadata_fields: this.list() };
	}

	/** One value for one field -> { value } normalised, or { error }. '' / null clears. */
	normalise(field, raw) {
		const activeIds = () =>
			(field.datasource?.values ?? [])
				.filter((v) => v.state !== 'inactive')
				.map((v) => v.external_id);
		switch (field.type) {
			case 'string': {
				if (Array.isArray(raw)) return { error: 'expects a single string' };
				const v = String(raw);
				const e = checkRule(field.validation, v, 'string');
				return e ? { error: e } : { value: v };
			}
			case 'integer': {
				const s = Array.isArray(raw) ? null : String(raw).trim();
				if (s === null || !/^-?\d+$/.test(s)) return { error: 'expects an integer' };
				const v = Number(s);
				const e = checkRule(field.validation, v, 'integer');
				return e ? { error: e } : { value: v };
			}
			case 'date': {
				const s = Array.isArray(raw) ? null : String(raw).trim();
				if (s === null || !isDate(s)) return { error: 'expects a date as YYYY-MM-DD' };
				const e = checkRule(field.validation, s, 'date');
				return e ? { error: e } : { value: s };
			}
			case 'enum': {
				const list = Array.isArray(raw) ? raw : [raw];
				if (list.length !== 1) return { error: 'expects exactly one datasource external_id' };
				const v = String(list[0]);
				if (!activeIds().includes(v)) {
					if (field.allow_dynamic_list_values) return { value: v, addValue: v };
					return {
						error: `expects one of the datasource external_ids (${activeIds().join(', ')}); got "${v}"`,
					};
				}
				return { value: v };
			}
			case 'set': {
				const list = (Array.isArray(raw) ? raw : [raw]).map(String).filter((x) => x !== '');
				if (list.length > 3000) return { error: 'accepts at most 3000 values' };
				const ids = activeIds();
				const unknown = list.filter((x) => !ids.includes(x));
				if (unknown.length && !field.allow_dynamic_list_values) {
					return {
						error: `expects datasource external_ids (${ids.join(', ')}); unknown: ${unknown.join(', ')}`,
					};
				}
				return { value: [...new Set(list)], addValues: unknown };
			}
			default:
				return { error: 'unsupported type' };
		}
	}

	/**
	 * Validates an assignment {field: raw} -> {field: value | null (= remove)}. Unknown fields -> 400
	 * `The following metadata fields do not exist: ["x"]`; invalid values -> 400 (or dropped with
	 * clearInvalid).
	 */
	validate(input, { clearInvalid = false } = {}) {
		const unknown = Object.keys(input).filter((k) => !this.fields.has(k));
		if (unknown.length)
			throw fail(400, `The following metadata fields do not exist: ${JSON.stringify(unknown)}`);
		const out = {};
		const additions = [];
		for (const [id, raw] of Object.entries(input)) {
			const field = this.fields.get(id);
			const empty =
				raw === null || raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0);
			if (empty) {
				out[id] = null;
				continue;
			}
			const r = this.normalise(field, raw);
			if (r.error) {
				if (clearInvalid) {
					out[id] = null;
					continue;
				}
				throw fail(400, A.messages.metadataInvalidValue(id, raw, r.error));
			}
			if (r.addValue) additions.push([field, [r.addValue]]);
			if (r.addValues?.length) additions.push([field, r.addValues]);
			out[id] = r.value;
		}
		// dynamic list values are added only once the whole assignment is valid
		for (const [field, values] of additions) {
			field.datasource.values.push(
				...values.map((v, i) => ({
					external_id: v,
					value: v,
					position: field.datasource.values.length + i,
					state: 'active',
				})),
			);
		}
		return out;
	}

	/** Defaults for a new asset (fields with a default_value, not default_disabled). */
	defaults() {
		const out = {};
		for (const f of this.fields.values()) {
			if (f.default_value !== undefined && f.default_value !== null && !f.default_disabled)
				out[f.external_id] = clone(f.default_value);
		}
		return out;
	}

	mandatoryMissing(values) {
		return [...this.fields.values()]
			.filter(
				(f) =>
					f.mandatory && (values[f.external_id] === undefined || values[f.external_id] === null),
			)
			.map((f) => f.external_id);
	}

	type(id) {
		return this.fields.get(id)?.type;
	}
}

module.exports = { MetadataRegistry };
