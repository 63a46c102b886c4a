"""Reads an Airflow DAG file without Airflow (not installable here) and prints, as JSON, what a test of
the DAG needs: every spark-submit task's task_id, application_args, java_class and application (its own
or the DAG's default_args), the DAG's keyword arguments that are literals, the task order (a >> b), and
the EXIT_CODES table. Values are evaluated from literals, module-level constants, os.environ.get(name,
default) (the default) and string concatenation; anything else is an error, so the test sees every
argument exactly as the DAG passes it."""

import ast
import json
import sys


class Unsupported(Exception):
    pass


def evaluate(node, names):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [evaluate(e, names) for e in node.elts]
    if isinstance(node, ast.Dict):
        return {evaluate(k, names): evaluate(v, names) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        raise Unsupported(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return evaluate(node.left, names) + evaluate(node.right, names)
    if isinstance(node, ast.Call) and ast.unparse(node.func) in ("os.environ.get", "os.getenv") and len(node.args) == 2:
        return evaluate(node.args[1], names)
    raise Unsupported(ast.unparse(node))


def main(path):
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    names = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            try:
                names[stmt.targets[0].id] = evaluate(stmt.value, names)
            except Unsupported:
                pass
        elif isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Tuple):
            try:
                values = evaluate(stmt.value, names)
                for t, v in zip(stmt.targets[0].elts, values):
                    names[t.id] = v
            except Unsupported:
                pass
    operators = {"SparkSubmitOperator"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(ast.unparse(b) in operators for b in node.bases):
            operators.add(node.name)
    dag_kwargs, default_args, tasks, order = {}, {}, [], []
    variables = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "DAG":
            for kw in node.keywords:
                try:
                    dag_kwargs[kw.arg] = evaluate(kw.value, names)
                except Unsupported:
                    dag_kwargs[kw.arg] = None
                if kw.arg == "default_args" and isinstance(kw.value, ast.Dict):
                    for k, v in zip(kw.value.keys, kw.value.values):
                        try:
                            default_args[evaluate(k, names)] = evaluate(v, names)
                        except Unsupported:
                            pass  # e.g. retry_delay=timedelta(...): not an argument of the job
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and ast.unparse(node.value.func) in operators:
            variables[node.targets[0].id] = node.value
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
            order.append([ast.unparse(node.left), ast.unparse(node.right)])
    for var, call in variables.items():
        kwargs = {kw.arg: kw.value for kw in call.keywords}
        task = {"variable": var, "operator": ast.unparse(call.func)}
        for key in ("task_id", "application_args", "java_class", "application", "result_path"):
            if key in kwargs:
                task[key] = evaluate(kwargs[key], names)
            elif key in default_args:
                task[key] = default_args[key]
        tasks.append(task)
    params = {}
    params_node = next(kw.value for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "DAG"
                       for kw in n.keywords if kw.arg == "params")
    for k, v in zip(params_node.keys, params_node.values):
        # Param(default, ...) or a plain default
        default = v.args[0] if isinstance(v, ast.Call) and ast.unparse(v.func) == "Param" else v
        params[evaluate(k, names)] = evaluate(default, names)
    print(json.dumps({"dag": {k: v for k, v in dag_kwargs.items() if k != "params"},
                      "params": params,
                      "tasks": tasks, "order": order,
                      "exit_codes": {str(k): v for k, v in names.get("EXIT_CODES", {}).items()}}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
