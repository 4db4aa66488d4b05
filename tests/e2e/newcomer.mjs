// Page checks for issue 18 (a newcomer's walk): a `lang=zh` link is Chinese everywhere, English
// group headings are filled, the core's formula warning speaks the page language, compare charts
// take the full width with uncut progress labels and whole epochs, the embed's hover line shows
// every function, and phone-size fields look like fields. Called from run.mjs (same harness).

const text = (page, sel) => page.$eval(sel, (n) => n.textContent.trim());

async function addFormula(page, formula) {
  await page.fill("#formula-input", formula);
  await page.click("#formula-add");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function newcomerChecks(h) {
  const { check, assert, withContext, open, origin, shot } = h;

  await withContext({ locale: "en-US" }, async (context) => {
    await check("newcomer: a lang=zh link shows the curves page in Chinese (About, Share, View, Parameters, hint)", async () => {
      const { page, log } = await open(context, `${origin}/index.html#fn=relu,gelu&lang=zh`);
      const want = {
        "#info-heading": "简介",
        "#share-heading": "分享与导出",
        "#view-heading": "视图",
        "#params-heading": "参数",
        "#copy-link": "复制链接",
        "#zoom-reset": "重置范围",
      };
      for (const [sel, zh] of Object.entries(want)) {
        const got = await text(page, sel);
        assert(got === zh, `${sel}: "${got}", want "${zh}"`);
      }
      const hint = await text(page, ".formula-card .hint");
      assert(!/[A-Za-z]{4,} [a-z]+ [a-z]+/.test(hint.replace(/sigmoid|tanh|sqrt|relu|max|min|exp|abs|sin|ln|pi/g, "")), `formula hint: ${hint}`);
      await shot(page, "newcomer-zh.png", { fullPage: true });
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("newcomer: the English function list has its group headings", async () => {
      const { page } = await open(context, `${origin}/index.html#fn=relu&lang=en`);
      const legends = await page.$$eval("#fn-groups legend", (ls) => ls.map((l) => l.textContent.trim()));
      assert(legends.length >= 5, `${legends.length} groups`);
      assert(legends.every((l) => l.length > 0 && !l.startsWith("family_")), `headings: ${JSON.stringify(legends)}`);
      assert(legends.includes("Classic") && legends.includes("ReLU family"), `headings: ${JSON.stringify(legends)}`);
      await page.close();
    });

    await check("newcomer: the core's ln(x) warning is Chinese on a Chinese page", async () => {
      const { page } = await open(context, `${origin}/index.html#fn=relu&range=-3:3&lang=zh`);
      await addFormula(page, "ln(x)");
      const warning = await text(page, "#formula-list .formula-warning");
      assert(warning.includes("公式在") && warning.includes("x ∈ [-3"), warning);
      assert(!/drawn|training|finite/.test(warning), `English left in: ${warning}`);
      await page.close();
    });

    await check("newcomer: ln(x)'s huge derivative near 0 is clipped (and said so), not flattening relu′ and gelu′", async () => {
      const { page, log } = await open(context, `${origin}/index.html#fn=relu,gelu&deriv=1&range=-5:5`);
      await addFormula(page, "ln(x)");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-svg")]);
      const svg = (await import("node:fs")).readFileSync(await download.path(), "utf8");
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)</g)].map((m) => m[1].trim());
      const title = texts.find((t) => t.startsWith("f′(x)"));
      assert(/^f′\(x\) \(y clipped to \[/.test(title ?? ""), `derivative panel title: ${title}`);
      // The clip window keeps relu′/gelu′ (−0.2 … 1.1) readable: its top stays under 10.
      const hi = Number(/, ([-\d.e]+)\]/.exec(title)?.[1]);
      assert(hi > 1 && hi < 10, `clip window top ${hi} in "${title}"`);
      assert(!texts.some((t) => t.startsWith("f(x) (y clipped")), "the value panel is not clipped");
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });

    await check("newcomer: formula mistakes are explained in Chinese on a Chinese page (curves and training boxes)", async () => {
      const { page, log } = await open(context, `${origin}/index.html#fn=relu&lang=zh&t.ds=circle`);
      await addFormula(page, "2x");
      const curves = await text(page, "#formula-error");
      assert(curves.includes("第 2 个字符") && curves.includes("缺少运算符"), `curves box: ${curves}`);
      assert(!/missing|operator|write/.test(curves), `English left in: ${curves}`);
      await page.evaluate(() => document.getElementById("train").scrollIntoView());
      await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 30000 });
      await page.fill("#t-formula", "x * sigmod(x)");
      await page.click("#t-formula-use");
      await page.waitForFunction(() => document.getElementById("t-formula-error").textContent.length > 0);
      const train = await text(page, "#t-formula-error");
      assert(train.includes("未知函数") && train.includes("sigmoid"), `training box: ${train}`);
      assert(!/unknown|did you/.test(train), `English left in: ${train}`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });

  await withContext({ viewport: { width: 1280, height: 900 } }, async (context) => {
    await check("newcomer: compare charts are full width, progress labels whole, epochs to target whole", async () => {
      const { page, log } = await open(context, `${origin}/index.html#t.ds=circle&t.ep=4&t.cmp=relu,leaky_relu(0.2)&t.target=0.6`);
      await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
      await page.click("#c-run");
      await page.waitForFunction(() => document.getElementById("compare").dataset.done === "1", null, { timeout: 60000 });
      const spans = await page.$$eval(".cmp-run span", (ss) => ss.map((s) => ({ t: s.textContent, sw: s.scrollWidth, cw: s.clientWidth })));
      assert(spans.length === 2, `${spans.length} progress rows`);
      for (const s of spans) assert(s.sw <= s.cw + 1, `progress label cut: "${s.t}" needs ${s.sw}px, has ${s.cw}px`);
      const widths = await page.evaluate(() => {
        const box = document.querySelector(".compare-charts").getBoundingClientRect().width;
        const acc = document.querySelector('.train-canvas[data-chart="cmp_acc"]').getBoundingClientRect().width;
        const loss = document.querySelector('.train-canvas[data-chart="cmp_loss"]').getBoundingClientRect().width;
        return { box, acc, loss };
      });
      assert(widths.acc > 0.85 * widths.box && widths.loss > 0.85 * widths.box, `charts ${widths.acc}/${widths.loss} px of ${widths.box}`);
      const epochs = await page.$$eval("#c-table tbody tr td:nth-child(4)", (tds) => tds.map((t) => t.textContent.trim()));
      assert(epochs.length === 2, `${epochs.length} rows`);
      for (const e of epochs) assert(/^\d+$/.test(e) || !/\d/.test(e), `epochs to target: "${e}"`);
      await page.locator("#compare").screenshot({ path: `${h.artifacts}/newcomer-compare.png` });
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });

  await withContext({ viewport: { width: 800, height: 500 } }, async (context) => {
    await check("newcomer: embed 800×500: the hover line shows all 8 functions, uncut", async () => {
      const fns = "relu,gelu,silu,elu,tanh,sigmoid,softplus,leaky_relu";
      const { page, log } = await open(context, `${origin}/embed.html#fn=${fns}&deriv=1&range=-4:4`);
      const box = await page.locator("#chart-wrap canvas.chart-canvas").boundingBox();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
      await page.waitForFunction(() => document.querySelectorAll("#embed-readout [data-name]").length === 8, null, { timeout: 5000 });
      const bar = await page.$eval("#embed-readout", (n) => ({ sw: n.scrollWidth, cw: n.clientWidth, sh: n.scrollHeight, ch: n.clientHeight }));
      assert(bar.sw <= bar.cw + 1 && bar.sh <= bar.ch + 1, `readout overflows its box: ${JSON.stringify(bar)}`);
      const visible = await page.$$eval("#embed-readout [data-name]", (ss) =>
        ss.filter((s) => {
          const r = s.getBoundingClientRect();
          return r.width > 0 && r.right <= window.innerWidth + 1 && r.bottom <= window.innerHeight + 1;
        }).length,
      );
      assert(visible === 8, `${visible} of 8 functions visible in the hover line`);
      await shot(page, "newcomer-embed-800x500.png");
      assert(log.errors.length === 0, `console errors: ${log.errors.join(" | ")}`);
      await page.close();
    });
  });

  await withContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: "dark" }, async (context) => {
    await check("newcomer: phone: formula inputs match the other fields; the Loss select shows its text", async () => {
      const { page } = await open(context, `${origin}/index.html#fn=relu&theme=dark`);
      // The training section loads when it nears the screen (www/js/lazy-train.js).
      await page.$eval("#train", (n) => n.scrollIntoView());
      await page.waitForFunction(() => document.getElementById("train").dataset.ready === "1", null, { timeout: 15000 });
      const m = await page.evaluate(() => {
        const box = (id) => document.getElementById(id).getBoundingClientRect();
        const style = (id) => getComputedStyle(document.getElementById(id));
        const sel = document.getElementById("t-lossfn");
        const ctx = document.createElement("canvas").getContext("2d");
        ctx.font = `${style("t-lossfn").fontSize} ${style("t-lossfn").fontFamily}`;
        return {
          formula: box("formula-input").height,
          range: box("range-lo").height,
          tFormula: box("t-formula").height,
          lr: box("t-lr").height,
          tFormulaBg: style("t-formula").backgroundColor,
          lrBg: style("t-lr").backgroundColor,
          tFormulaFont: style("t-formula").fontSize,
          lrFont: style("t-lr").fontSize,
          lossText: ctx.measureText(sel.selectedOptions[0].textContent).width,
          lossWidth: sel.clientWidth,
        };
      });
      assert(m.formula >= m.range - 1, `formula input ${m.formula}px vs ${m.range}px`);
      assert(m.tFormula >= m.lr - 1, `training formula input ${m.tFormula}px vs ${m.lr}px`);
      assert(m.tFormulaBg === m.lrBg, `training formula box background ${m.tFormulaBg} vs ${m.lrBg}`);
      assert(m.tFormulaFont === m.lrFont, `training formula font ${m.tFormulaFont} vs ${m.lrFont}`);
      assert(m.lossText + 24 <= m.lossWidth, `Loss select: text ${Math.round(m.lossText)}px in ${m.lossWidth}px`);
      // Every checkbox sits next to its label (they were pushed to opposite ends of the row).
      const far = await page.$$eval("#t-form .check, #c-log", (rows) =>
        rows.map((row) => row.closest(".check") ?? row).filter((row) => row.getClientRects().length > 0).map((row) => {
          const box = row.querySelector("input").getBoundingClientRect();
          const text = row.querySelector("label, span").getBoundingClientRect();
          return { id: row.querySelector("input").id, gap: Math.round(text.left - box.right) };
        }).filter((c) => c.gap > 16 || c.gap < 0),
      );
      assert(far.length === 0, `checkboxes away from their labels: ${JSON.stringify(far)}`);
      // relu is selected: the activation-mean note must not read as if SELU were running.
      const note = await text(page, '.chart-box:has([data-chart="meanstd"]) .panel-note');
      assert(!/^SELU keeps/.test(note), `activation mean note: ${note}`);
      await page.locator("#t-form").screenshot({ path: `${h.artifacts}/newcomer-phone-form.png` });
      await page.close();
    });
  });
}
