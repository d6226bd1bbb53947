'use strict';
// What a workflow looks like on n8n's canvas (the editor of n8n 2.x), computed from its JSON, so a
// test can say "nothing overlaps" without a browser. Measures taken from n8n's canvas styles:
// a node is a 100 × 100 box at its position (top-left corner); under it a centred description
// block at most 200 wide (twice the node width) with the name in up to two lines of 14 px text and,
// when the node type has one, a one-line 12 px subtitle. Text widths are estimated per character
// (a little wider than the editor's font, so an estimate errs towards reporting an overlap).
// A wire leaves an output handle on the node's right edge (outputs spread evenly down it) and enters
// the input handle in the middle of the left edge, as a horizontal-tangent cubic Bézier curve
// (control points half-way across, as the canvas draws forward connections).

const NODE = 100;
const LABEL_MAX_WIDTH = 2 * NODE;
const LABEL_CHAR = 7.6;
const LABEL_LINE = 18;
const SUBTITLE_CHAR = 6.6;
const SUBTITLE_LINE = 15;
const LABEL_GAP = 4;
/** Room kept clear around every node and label, for wires and for other nodes. */
const CLEARANCE = 10;

/** Subtitle text as the editor would show it (simple `$parameter["x"]` expressions), or null. */
function subtitleOf(node, subtitleByType) {
	const expression = subtitleByType.get(node.type);
	if (!expression) return null;
	const text = String(expression)
		.replace(/^=\{\{\s*|\s*\}\}$/g, '')
		.replace(/\$parameter\["(\w+)"\](\.join\([^)]*\))?/g, (_, name) => {
			const v = node.parameters?.[name];
			return JSON.stringify(Array.isArray(v) ? v.join(', ') : String(v ?? ''));
		});
	const parts = text.split('+').map((p) => p.trim().replace(/^"|"$/g, ''));
	return parts.join('');
}

function textBlock(text, charWidth, maxLines) {
	const width = text.length * charWidth;
	const lines = Math.min(maxLines, Math.max(1, Math.ceil(width / LABEL_MAX_WIDTH)));
	return { width: Math.min(LABEL_MAX_WIDTH, width), lines };
}

/** Boxes {left, top, right, bottom} of a node and of its description (name and subtitle). */
function nodeBoxes(node, subtitleByType) {
	const [x, y] = node.position;
	const box = { left: x, top: y, right: x + NODE, bottom: y + NODE };
	const name = textBlock(node.name, LABEL_CHAR, 2);
	const subtitle = subtitleOf(node, subtitleByType);
	const sub = subtitle ? textBlock(subtitle, SUBTITLE_CHAR, 1) : { width: 0, lines: 0 };
	const width = Math.max(name.width, sub.width);
	const height = name.lines * LABEL_LINE + (sub.lines ? 2 + SUBTITLE_LINE : 0);
	const centre = x + NODE / 2;
	const label = {
		left: centre - width / 2,
		top: y + NODE + LABEL_GAP,
		right: centre + width / 2,
		bottom: y + NODE + LABEL_GAP + height,
	};
	return { box, label };
}

function noteBox(note) {
	const [x, y] = note.position;
	return {
		left: x,
		top: y,
		right: x + (note.parameters?.width ?? 240),
		bottom: y + (note.parameters?.height ?? 160),
	};
}

const intersects = (a, b) =>
	a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const contains = (outer, inner) =>
	outer.left <= inner.left &&
	inner.right <= outer.right &&
	outer.top <= inner.top &&
	inner.bottom <= outer.bottom;
const grow = (b, by) => ({
	left: b.left - by,
	top: b.top - by,
	right: b.right + by,
	bottom: b.bottom + by,
});
const inside = (p, b) => p.x > b.left && p.x < b.right && p.y > b.top && p.y < b.bottom;
const union = (a, b) => ({
	left: Math.min(a.left, b.left),
	top: Math.min(a.top, b.top),
	right: Math.max(a.right, b.right),
	bottom: Math.max(a.bottom, b.bottom),
});

/** Number of main outputs the canvas draws for a node. */
function outputCount(node, connections) {
	const drawn = connections[node.name]?.main?.length ?? 1;
	const known = node.type === 'n8n-nodes-base.if' ? 2 : 1;
	return Math.max(drawn, known);
}

/** Every wire as {from, to, points[]} sampled along its curve. */
function wires(workflow) {
	const byName = new Map(workflow.nodes.map((n) => [n.name, n]));
	const out = [];
	for (const [from, outputs] of Object.entries(workflow.connections ?? {})) {
		const source = byName.get(from);
		const count = outputCount(source, workflow.connections);
		(outputs.main ?? []).forEach((branch, index) => {
			for (const c of branch ?? []) {
				const target = byName.get(c.node);
				const s = {
					x: source.position[0] + NODE,
					y: source.position[1] + (NODE * (index + 1)) / (count + 1),
				};
				const t = { x: target.position[0], y: target.position[1] + NODE / 2 };
				const half = (t.x - s.x) / 2;
				const points = [];
				for (let k = 1; k < 60; k++) {
					const u = k / 60;
					const a = (1 - u) ** 3,
						b = 3 * (1 - u) ** 2 * u,
						cc = 3 * (1 - u) * u ** 2,
						d = u ** 3;
					points.push({
						x: a * s.x + b * (s.x + half) + cc * (t.x - half) + d * t.x,
						y: a * s.y + b * s.y + cc * t.y + d * t.y,
					});
				}
				out.push({ from, to: c.node, forward: t.x > s.x, points });
			}
		});
	}
	return out;
}

/** Every way the workflow looks untidy on the canvas, in words (empty when it is tidy). */
function layoutProblems(workflow, subtitleByType) {
	const problems = [];
	const notes = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
	const nodes = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
	const boxes = new Map(nodes.map((n) => [n.name, nodeBoxes(n, subtitleByType)]));
	for (let i = 0; i < nodes.length; i++) {
		for (let j = i + 1; j < nodes.length; j++) {
			const a = boxes.get(nodes[i].name),
				b = boxes.get(nodes[j].name);
			for (const [pa, ba] of Object.entries(a)) {
				for (const [pb, bb] of Object.entries(b)) {
					if (intersects(grow(ba, CLEARANCE / 2), grow(bb, CLEARANCE / 2)))
						problems.push(`"${nodes[i].name}" (${pa}) overlaps "${nodes[j].name}" (${pb})`);
				}
			}
		}
	}
	for (let i = 0; i < notes.length; i++) {
		for (let j = i + 1; j < notes.length; j++) {
			if (intersects(noteBox(notes[i]), noteBox(notes[j])))
				problems.push(`sticky notes "${notes[i].name}" and "${notes[j].name}" overlap`);
		}
		for (const n of nodes) {
			const whole = union(boxes.get(n.name).box, boxes.get(n.name).label);
			const note = noteBox(notes[i]);
			if (intersects(note, whole) && !contains(note, whole))
				problems.push(`"${n.name}" sits across the edge of sticky note "${notes[i].name}"`);
		}
	}
	for (const w of wires(workflow)) {
		if (!w.forward) {
			problems.push(`the wire "${w.from}" → "${w.to}" runs backwards (right to left)`);
			continue;
		}
		for (const n of nodes) {
			if (n.name === w.from || n.name === w.to) continue;
			const { box, label } = boxes.get(n.name);
			if (w.points.some((p) => inside(p, grow(box, CLEARANCE))))
				problems.push(`the wire "${w.from}" → "${w.to}" passes behind "${n.name}"`);
			else if (w.points.some((p) => inside(p, grow(label, CLEARANCE))))
				problems.push(`the wire "${w.from}" → "${w.to}" crosses the label of "${n.name}"`);
		}
	}
	return problems;
}

module.exports = { layoutProblems, nodeBoxes, wires, NODE };
