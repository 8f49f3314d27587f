// KPPS task pane: buttons (disabled while a request runs), last check's counts, settings.
// Shares the runtime with ribbon.js (manifest: SharedRuntime), so it calls the same kppsRun.

const KPPS_SETTINGS_SHEET = "Pengaturan";
const KPPS_SETTINGS_HEADER = ["Pengaturan KPPS", "Nilai"];
const KPPS_SETTING_KEYS = ["tanggal_acuan", "kode_wilayah", "skema_bawaan"];

function kppsPane(id) {
  return document.getElementById(id);
}

// {sheet: {code: n}} and totals from the Temuan table's rows (Tingkat, Kode, Lembar columns).
function kppsCounts(values) {
  const header = values[0] || [];
  const col = (name) => header.indexOf(name);
  const [level, code, sheet] = [col("Tingkat"), col("Kode"), col("Lembar")];
  const bySheet = {};
  const totals = { Galat: 0, Peringatan: 0, Info: 0 };
  if (level < 0 || code < 0 || sheet < 0) return { bySheet, totals };
  for (const row of values.slice(1)) {
    if (!row[code]) continue;
    const name = String(row[sheet] ?? "").replace(/^'/, "");
    bySheet[name] = bySheet[name] || {};
    bySheet[name][row[code]] = (bySheet[name][row[code]] || 0) + 1;
    if (row[level] in totals) totals[row[level]] += 1;
  }
  return { bySheet, totals };
}

function kppsSummaryHtml(counts) {
  const escape = (t) => String(t).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const sheets = Object.keys(counts.bySheet);
  if (sheets.length === 0) return "Tidak ada temuan di lembar Temuan.";
  const t = counts.totals;
  let html = `<div>${t.Galat} galat, ${t.Peringatan} peringatan, ${t.Info} info.</div>`;
  for (const sheet of sheets) {
    const rows = Object.entries(counts.bySheet[sheet])
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `<tr><td>${escape(code)}</td><td class="text-end">${n}</td></tr>`)
      .join("");
    html += `<div class="mt-2"><b>${escape(sheet)}</b><table class="table table-sm mb-0">${rows}</table></div>`;
  }
  return html;
}

async function kppsLoadSummary() {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject("Temuan");
    await context.sync();
    if (sheet.isNullObject) {
      kppsPane("kpps-summary").textContent = "Belum ada lembar Temuan.";
      return;
    }
    const used = sheet.getUsedRange(true).load("values");
    await context.sync();
    kppsPane("kpps-summary").innerHTML = kppsSummaryHtml(kppsCounts(used.values));
  });
}

// Settings rows of the Pengaturan sheet: [["tanggal_acuan", "2024-02-14"], ...].
function kppsSettingsRows(form) {
  return KPPS_SETTING_KEYS.map((key) => [key, (form.get(key) || "").trim()]);
}

async function kppsLoadSettings() {
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(KPPS_SETTINGS_SHEET);
    await context.sync();
    if (sheet.isNullObject) return;
    const range = sheet.getRange("A1:B4").load("values");
    await context.sync();
    if (String(range.values[0][0]) !== KPPS_SETTINGS_HEADER[0]) return;
    for (const [key, value] of range.values.slice(1)) {
      const input = document.querySelector(`[name="${key}"]`);
      if (input) input.value = String(value ?? "");
    }
  });
}

async function kppsSaveSettings(event) {
  event.preventDefault();
  const rows = [KPPS_SETTINGS_HEADER, ...kppsSettingsRows(new FormData(event.target))];
  try {
    await Excel.run(async (context) => {
      let sheet = context.workbook.worksheets.getItemOrNullObject(KPPS_SETTINGS_SHEET);
      await context.sync();
      if (sheet.isNullObject) sheet = context.workbook.worksheets.add(KPPS_SETTINGS_SHEET);
      const range = sheet.getRange("A1:B4");
      range.numberFormat = [["@", "@"], ["@", "@"], ["@", "@"], ["@", "@"]];
      range.values = rows;
      await context.sync();
    });
    kppsPane("kpps-status").textContent = "Pengaturan disimpan di lembar Pengaturan.";
  } catch (error) {
    globalThis.kppsPaneError(String(error?.message ?? error));
  }
}

globalThis.kppsPaneBusy = (busy, scriptName) => {
  for (const button of document.querySelectorAll(".kpps-run")) button.disabled = busy;
  const status = kppsPane("kpps-status");
  if (status) status.textContent = busy ? `Menjalankan ${scriptName} ...` : "";
  if (busy) kppsPane("kpps-error")?.classList.add("d-none");
  if (!busy) kppsLoadSummary().catch(() => {});
};

globalThis.kppsPaneError = (text) => {
  const box = kppsPane("kpps-error");
  if (!box) return;
  box.textContent = text;
  box.classList.remove("d-none");
};

function kppsPaneInit() {
  for (const button of document.querySelectorAll(".kpps-run")) {
    button.addEventListener("click", () =>
      globalThis.kppsRun(null, button.dataset.script, button.dataset.sheet.split(","), Boolean(button.dataset.rosters)),
    );
  }
  kppsPane("kpps-settings")?.addEventListener("submit", kppsSaveSettings);
  kppsLoadSummary().catch((error) => globalThis.kppsPaneError(String(error?.message ?? error)));
  kppsLoadSettings().catch(() => {});
}

function kppsPaneStart() {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", kppsPaneInit, { once: true });
  } else {
    kppsPaneInit();
  }
}

if (typeof Office !== "undefined" && Office.onReady && typeof document !== "undefined") {
  Office.onReady(kppsPaneStart);
}
