"""Text drawing of a :class:`GameTree` (:meth:`GameTree.render`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _kernels
from ._nodes import KIND_CHANCE, KIND_TERMINAL

if TYPE_CHECKING:
    from ._profile import BehaviourProfile
    from ._tree import GameTree


def render(
    tree: GameTree,
    profile: BehaviourProfile | None,
    *,
    max_depth: int | None,
    max_nodes: int,
    precision: int,
) -> str:
    """See :meth:`GameTree.render`."""
    if profile is not None:
        tree._check_profile(profile, func="render()")
    lines = [f"{tree._title or 'GameTree'}  [players: {', '.join(tree._players)}]"]
    flat = profile.flat if profile is not None else None
    reach = (
        _kernels.reach(tree, _kernels.edge_probabilities(tree, flat)) if flat is not None else None
    )
    fmt = f"{{:.{precision}g}}"

    def num(x: float) -> str:
        return fmt.format(x + 0.0)

    def describe(v: int) -> str:
        kind = int(tree._kind[v])
        if kind == KIND_TERMINAL:
            t = int(tree._term_index[v])
            pays = "(" + ", ".join(num(float(x)) for x in tree._term_payoffs[t]) + ")"
            name = tree._outcomes[t]
            return f"{name} {pays}" if name else pays
        if kind == KIND_CHANCE:
            text = "chance"
        else:
            k = int(tree._infoset[v])
            text = tree._players[int(tree._player[v])]
            explicit = tree._explicit_infoset[k]
            if len(tree._infoset_members[k]) > 1 or (
                explicit is not None and explicit != tree._path_str(v)
            ):
                text += f" [{tree._infoset_label[k]}]"
        return f"{text} ({tree._labels[v]})" if tree._labels[v] else text

    lines.append(describe(0))
    stack: list[tuple[int, str]] = []

    def push_children(v: int, indent: str) -> None:
        s = int(tree._child_start[v])
        m = int(tree._n_children[v])
        for j in range(m - 1, -1, -1):
            stack.append((s + j, indent))

    push_children(0, "")
    while stack:
        if len(lines) > max_nodes:
            lines.append("... (truncated; raise max_nodes)")
            break
        e, indent = stack.pop()
        child = int(tree._edge_child[e])
        parent = int(tree._edge_parent[e])
        last = int(tree._edge_action[e]) == int(tree._n_children[parent]) - 1
        on_path = reach is not None and reach[child] > 0
        branch = ("`" if last else "+") + ("==" if on_path else "--")
        label = tree._actions[parent][int(tree._edge_action[e])]
        if int(tree._kind[parent]) == KIND_CHANCE:
            label += f" ({num(float(tree._edge_prob[e]))})"
        elif flat is not None:
            k = int(tree._infoset[parent])
            p = float(flat[tree._infoset_offset[k] + int(tree._edge_action[e])])
            if p > 0:
                label += "*" if p >= 1 - 1e-12 else f"* [{num(p)}]"
        lines.append(f"{indent}{branch} {label}: {describe(child)}")
        if int(tree._kind[child]) != KIND_TERMINAL:
            if max_depth is not None and int(tree._depth[child]) >= max_depth:
                lines.append(f"{indent}{'    ' if last else '|   '}...")
                continue
            push_children(child, indent + ("    " if last else "|   "))
    return "\n".join(lines)
