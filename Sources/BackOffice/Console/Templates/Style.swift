extension ConsoleTemplates {
    /// The stylesheet, `/console/style.css`.
    static let style = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --accent: #1f5fbf; --ok: #1c7c3c; --bad: #b3261e; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: var(--ink); background: #f6f7f9; }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; padding: .6rem 1.2rem;
          background: var(--ink); color: #fff; }
        header .brand { font-weight: 600; }
        header nav { display: flex; gap: .8rem; flex: 1; flex-wrap: wrap; }
        header nav a { color: #cfd8ea; text-decoration: none; padding: .2rem .3rem; border-radius: 3px; }
        header nav a.current, header nav a:hover { color: #fff; background: #3a4358; }
        header .sign-out { display: flex; gap: .6rem; align-items: center; margin: 0; }
        header .who { color: #cfd8ea; }
        main { padding: 1rem 1.2rem 3rem; max-width: 80rem; }
        h1 { font-size: 1.4rem; margin: .3rem 0 1rem; }
        h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        code, pre { font: 13px/1.4 ui-monospace, monospace; }
        pre { background: #fff; border: 1px solid var(--line); padding: .6rem; overflow-x: auto; }
        form { margin: .6rem 0; }
        label { display: block; margin: .4rem 0; }
        input, select, button { font: inherit; padding: .3rem .5rem; }
        button { background: var(--accent); color: #fff; border: 0; border-radius: 3px; cursor: pointer; }
        .sign-in { max-width: 22rem; }
        .sign-in input { width: 100%; }
        .notice { padding: .5rem .8rem; border-radius: 3px; }
        .ok { background: #e3f4e8; color: var(--ok); }
        .bad { background: #fbe7e6; color: var(--bad); }
        .muted { color: var(--muted); }
        .diff .added { background: #e3f4e8; }
        .diff .removed { background: #fbe7e6; }
        .pages { display: flex; gap: 1rem; margin: .6rem 0; }
        .period label { display: inline-block; margin-right: .8rem; }
        .figures td { text-align: right; padding-left: 2rem; }
        .trends { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; }
        figure { margin: .5rem 0; }
        .chart { width: 100%; height: auto; font-size: 11px; }
        .chart .grid { stroke: #e2e2e2; }
        .chart .axis, .chart .label, .chart .value { fill: var(--muted); }
        .chart .line { stroke: var(--accent); stroke-width: 2; }
        .chart .point, .chart .bar { fill: var(--accent); }
        tr.technician td { background: #fbe7e6; }
        tr.technician td.reasons { color: var(--bad); font-weight: 600; }
        tr.revoked td { color: var(--muted); }
        span.behind { color: var(--bad); font-weight: 600; }

        """
}
