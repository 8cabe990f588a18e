"""exomerge's expression language, parsed safely and evaluated on arrays.

exomerge writes expressions such as ``'temp_C = temp_K - 273.15'`` or
``'Y == 0 || X >= 1'`` and evaluates them with Python's ``eval`` once per
entity.  Here the text is parsed with :mod:`ast`; only a whitelist of
operators, the math functions and the caller's variable names are
accepted, and the tree is evaluated once over whole numpy arrays (fields
``(steps, entities)``, time and global variables ``(steps, 1)``,
coordinates ``(1, entities)``), so it broadcasts to every step and entity
at once.  Anything else is refused with an :class:`ExpressionError`
naming the offending token.

Syntax (as exomerge): ``+ - * / ** ^`` (``^`` is a power), ``%``,
parentheses, numbers, the variables the operation defines, the functions
``sin cos tan asin acos atan atan2 sinh cosh tanh exp log log10 sqrt abs
min max floor ceil pow`` and the constants ``pi`` and ``e`` (a variable of
the same name wins).  Comparisons (``< <= > >= == !=``), ``and``/``or``/
``not`` and ``a if c else b`` give 1.0/0.0 values as Python's bools would.
Side-set expressions (:func:`compile_condition`) also accept exomerge's
``=`` for equality and ``&&``/``||``.
"""

import ast
import math
import re

import numpy as np

from ._em_metrics import HUGE_MIN, fresh_empty


class ExpressionError(ValueError):
    """A malformed expression or one naming an unknown token."""


def _minimum(*args):
    out = args[0]
    for a in args[1:]:
        out = np.minimum(out, a)
    return out


def _maximum(*args):
    out = args[0]
    for a in args[1:]:
        out = np.maximum(out, a)
    return out


FUNCTIONS = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "asin": np.arcsin,
    "acos": np.arccos, "atan": np.arctan, "atan2": np.arctan2,
    "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "exp": np.exp,
    "log": np.log, "log10": np.log10, "sqrt": np.sqrt, "abs": np.abs,
    "min": _minimum, "max": _maximum, "floor": np.floor, "ceil": np.ceil,
    "pow": np.power,
}
_ARITY = {"atan2": (2, 2), "pow": (2, 2), "min": (1, None), "max": (1, None)}
CONSTANTS = {"pi": math.pi, "e": math.e}

_BINOPS = {
    ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply,
    ast.Div: np.true_divide, ast.Pow: np.power, ast.Mod: np.mod,
    ast.FloorDiv: np.floor_divide,
}
_CMPOPS = {
    ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater,
    ast.GtE: np.greater_equal, ast.Eq: np.equal, ast.NotEq: np.not_equal,
}
_OP_TEXT = {
    ast.BitXor: "^", ast.BitAnd: "&", ast.BitOr: "|", ast.LShift: "<<",
    ast.RShift: ">>", ast.MatMult: "@", ast.Invert: "~", ast.Is: "is",
    ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}


def split_assignment(expression):
    """'name = expr' -> (name, expr); error if there is no '='."""
    if "=" not in expression:
        raise ExpressionError(
            'A "=" sign must be present in the expression but was not '
            "found.\n\nExpression: %s" % expression)
    name, rhs = expression.split("=", 1)
    name = name.strip()
    if not name:
        raise ExpressionError("The expression %r names no result before "
                              'its "="' % expression)
    return name, rhs


def _protect_names(text, names):
    """Replace variable names that are not Python identifiers (e.g. 'a.b'
    or 'disp:x') by placeholders, matching them as exomerge does: a name
    counts where neither neighbour is a letter, digit or underscore."""
    mapping = {}
    odd = sorted((n for n in names if not n.isidentifier()),
                 key=len, reverse=True)
    text = " %s " % text
    for k, name in enumerate(odd):
        token = "__exv%d__" % k
        pattern = "([^a-zA-Z0-9_])%s(?=[^a-zA-Z0-9_])" % re.escape(name)
        new = re.sub(pattern, r"\g<1>" + token, text)
        if new != text:
            mapping[token] = name
            text = new
    return text.strip(), mapping


class Expression:
    """A parsed, checked expression; evaluate with a dict of arrays."""

    def __init__(self, text, variables, condition=False):
        self.text = text
        self.variables = set(variables)
        source = text
        if condition:
            source = source.replace("||", " or ").replace("&&", " and ")
            source = re.sub(r"(?<![=<>!])=(?!=)", "==", source)
        source = source.replace("^", "**")
        source, self._placeholders = _protect_names(source, self.variables)
        self._source = source
        try:
            tree = ast.parse(source.strip(), mode="eval")
        except SyntaxError as exc:
            raise ExpressionError(self._syntax_message(exc)) from None
        self._tree = tree.body
        self.names_used = set()
        self._check(self._tree)

    # -- validation -------------------------------------------------------
    def _syntax_message(self, exc):
        where = ""
        if exc.offset:
            line = self._source.strip()
            bad = line[exc.offset - 1:exc.offset + 9].split(" ")[0] or "end"
            where = " near %r (column %d)" % (bad, exc.offset)
        return ("Invalid expression: syntax error%s in %r.\n\nDefined "
                "variables: %s" % (where, self.text,
                                   ", ".join(sorted(self.variables))))

    def _fail(self, node, what):
        seg = ast.get_source_segment(self._source.strip(), node) or "?"
        for token, name in self._placeholders.items():
            seg = seg.replace(token, name)
        raise ExpressionError(
            "Invalid expression: %s %r in %r.\n\nDefined variables: %s"
            % (what, seg, self.text, ", ".join(sorted(self.variables))))

    def _name(self, node):
        return self._placeholders.get(node.id, node.id)

    def _check(self, node):
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(
                    node.value, (int, float)):
                self._fail(node, "unsupported constant")
            return
        if isinstance(node, ast.Name):
            name = self._name(node)
            if name in self.variables:
                self.names_used.add(name)
            elif name not in CONSTANTS:
                self._fail(node, "unknown name")
            return
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINOPS:
                self._fail(node, "unsupported operator %s in"
                           % _OP_TEXT.get(type(node.op), "?"))
            self._check(node.left)
            self._check(node.right)
            return
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.UAdd, ast.USub, ast.Not)):
                self._fail(node, "unsupported operator in")
            self._check(node.operand)
            return
        if isinstance(node, ast.Compare):
            for op in node.ops:
                if type(op) not in _CMPOPS:
                    self._fail(node, "unsupported comparison %s in"
                               % _OP_TEXT.get(type(op), "?"))
            self._check(node.left)
            for c in node.comparators:
                self._check(c)
            return
        if isinstance(node, ast.BoolOp):
            for v in node.values:
                self._check(v)
            return
        if isinstance(node, ast.IfExp):
            for v in (node.test, node.body, node.orelse):
                self._check(v)
            return
        if isinstance(node, ast.Call):
            self._check_call(node)
            return
        self._fail(node, "unsupported construct")

    def _check_call(self, node):
        if not isinstance(node.func, ast.Name):
            self._fail(node.func, "unsupported function")
        name = node.func.id
        if name in self.variables or name not in FUNCTIONS:
            self._fail(node.func, "unknown function")
        if node.keywords or any(isinstance(a, ast.Starred)
                                for a in node.args):
            self._fail(node, "unsupported call arguments in")
        low, high = _ARITY.get(name, (1, 1))
        if len(node.args) < low or (high is not None and
                                     len(node.args) > high):
            self._fail(node, "wrong number of arguments to %s in" % name)
        for a in node.args:
            self._check(a)

    # -- evaluation -------------------------------------------------------
    def evaluate(self, env):
        """Value of the expression with variables from env (numbers or
        broadcastable arrays), as a float64 array or scalar."""
        with np.errstate(all="ignore"):
            out = self._eval(self._tree, env, False, set())
        return np.asarray(out, dtype=np.float64)

    def residual(self, env):
        """exomerge's side-set form: a value that is ~0 where the
        condition holds (comparisons become one-sided differences, '=='
        an absolute difference, 'and' the max and 'or' the min of the
        absolute values)."""
        with np.errstate(all="ignore"):
            out = self._eval(self._tree, env, True, set())
        return np.asarray(out, dtype=np.float64)

    def _eval(self, node, env, resid, temps):
        """Value of node.  temps holds the ids of the arrays this
        evaluation made (never an input's): an arithmetic step whose left
        operand is one, already of the result's shape, writes into it
        instead of allocating (fresh memory is what costs most here)."""
        ev = self._eval
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            name = self._name(node)
            if name in self.variables:
                return env[name]
            return CONSTANTS[name]
        if isinstance(node, ast.BinOp):
            left = ev(node.left, env, resid, temps)
            right = ev(node.right, env, resid, temps)
            if isinstance(node.op, ast.Pow) and isinstance(right, float) \
                    and right == 2.0:
                # x * x (correctly rounded; exomerge's float ** 2 and
                # numpy's vectorised pow are within an ulp of it), at a
                # fraction of pow's cost
                return _apply(np.square, temps, left)
            return _apply(_BINOPS[type(node.op)], temps, left, right)
        if isinstance(node, ast.UnaryOp):
            v = ev(node.operand, env, resid, temps)
            if isinstance(node.op, ast.USub):
                return _apply(np.negative, temps, v)
            if isinstance(node.op, ast.Not):
                return np.asarray(v == 0, dtype=np.float64)
            return v
        if isinstance(node, ast.Compare):
            return self._compare(node, env, resid)
        if isinstance(node, ast.BoolOp):
            return self._boolop(node, env, resid)
        if isinstance(node, ast.IfExp):
            return np.where(ev(node.test, env, resid, temps) != 0,
                            ev(node.body, env, resid, temps),
                            ev(node.orelse, env, resid, temps))
        args = [ev(a, env, resid, temps) for a in node.args]
        func = FUNCTIONS[node.func.id]
        if isinstance(func, np.ufunc) and func.nin == len(args):
            return _apply(func, temps, *args)
        return func(*args)

    def _compare(self, node, env, resid):
        left = self._eval(node.left, env, resid, set())
        parts = []
        for op, comp in zip(node.ops, node.comparators):
            right = self._eval(comp, env, resid, set())
            if resid:
                parts.append(_residual_of(type(op), left, right))
            else:
                parts.append(np.asarray(_CMPOPS[type(op)](left, right),
                                        dtype=np.float64))
            left = right
        out = parts[0]
        for p in parts[1:]:
            out = np.maximum(np.abs(out), np.abs(p)) if resid else out * p
        return out

    def _boolop(self, node, env, resid):
        values = [self._eval(v, env, resid, set()) for v in node.values]
        out = values[0]
        for v in values[1:]:
            if resid:
                pick = np.minimum if isinstance(node.op, ast.Or) else np.maximum
                out = pick(np.abs(out), np.abs(v))
            elif isinstance(node.op, ast.And):
                out = np.where(np.asarray(out) != 0, v, out)
            else:
                out = np.where(np.asarray(out) != 0, out, v)
        return out


def _apply(ufunc, temps, *args):
    """ufunc(*args), written into the first argument when that is an
    array this evaluation made with the result's shape and dtype."""
    first = args[0]
    if isinstance(first, np.ndarray) and id(first) in temps and \
            first.dtype == np.float64 and first.flags.writeable:
        try:
            shape = np.broadcast_shapes(*[np.shape(a) for a in args])
        except ValueError:
            shape = None
        if shape == first.shape:
            return ufunc(*args, out=first)
    out = _fresh_out(ufunc, args)
    out = ufunc(*args) if out is None else ufunc(*args, out=out)
    if isinstance(out, np.ndarray):
        temps.add(id(out))
    return out


def _fresh_out(ufunc, args):
    """A fresh result array for ufunc(*args) on huge pages (fresh_empty)
    when the result is a large float64 array (every argument a float64
    array or a Python number); else None (the ufunc allocates)."""
    if not any(isinstance(a, np.ndarray) for a in args) or not all(
            a.dtype == np.float64 if isinstance(a, np.ndarray)
            else isinstance(a, (int, float)) for a in args):
        return None
    try:
        shape = np.broadcast_shapes(*[np.shape(a) for a in args])
    except ValueError:
        return None
    if int(np.prod(shape, dtype=np.int64)) * 8 < HUGE_MIN:
        return None
    return fresh_empty(shape)


def _residual_of(op, left, right):
    if op in (ast.Gt, ast.GtE):
        d = np.subtract(left, right)
        return d - np.abs(d)
    if op in (ast.Lt, ast.LtE):
        d = np.subtract(right, left)
        return d - np.abs(d)
    if op is ast.Eq:
        return np.abs(np.subtract(left, right))
    # '!=' holds where the values differ: residual 0 there, 1 elsewhere
    return np.asarray(np.equal(left, right), dtype=np.float64)


def compile_expression(text, variables):
    """Parse an arithmetic expression over the given variable names."""
    return Expression(text, variables)


def compile_condition(text, variables):
    """Parse a side-set condition ('=' / '==' / '&&' / '||' accepted)."""
    return Expression(text, variables, condition=True)
