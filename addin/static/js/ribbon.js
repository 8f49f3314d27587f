// KPPS ribbon buttons (Office.js add-in served by xlwings-server).
// Each button runs one Python script and sends only the sheets that script needs:
// the roster sheets (found by a "Nama" + "NIK" header in their first rows) and, for
// Periksa/Hapus, the "Temuan" sheet. Excel on the web caps a request at about 5 MB, so a
// bigger roster is refused with a clear message (rendered by Python) instead of failing.
// Note: xlwings joins sheet names with commas, so a sheet name containing "," cannot be
// sent selectively.

const KPPS_OUTPUT_SHEETS = ["Temuan", "Anggaran", "Surat", "Ringkasan", "Pengaturan", "xlwings.conf"];
const KPPS_HEADER_ROWS = "A1:Z20";
const KPPS_WEB_LIMIT_MB = 4.5;
// Measured: a 33,439 x 15 roster is 6.4 MB of JSON, about 13 bytes per cell.
const KPPS_BYTES_PER_CELL = 13;

function kppsCompact(value) {
  return String(value ?? "").toUpperCase().replace(/[^A-Z]/g, "");
}

function kppsLooksLikeRoster(values) {
  const cells = values.flat().map(kppsCompact);
  const hasNik = cells.some((c) => c === "NIK" || c.includes("NOMORINDUKKEPENDUDUKAN"));
  const hasName = cells.some((c) => c.startsWith("NAMA"));
  return hasNik && hasName;
}

// Roster sheets with their estimated payload size (MB), read with one sync.
async function kppsRosterSheets() {
  return await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets.load("items/name");
    await context.sync();
    const probes = sheets.items
      .filter((s) => !KPPS_OUTPUT_SHEETS.includes(s.name))
      .map((s) => ({
        sheet: s,
        head: s.getRange(KPPS_HEADER_ROWS).load("values"),
        used: s.getUsedRangeOrNullObject(true).load("rowCount,columnCount"),
      }));
    await context.sync();
    return probes
      .filter((p) => kppsLooksLikeRoster(p.head.values))
      .map((p) => ({
        sheet: p.sheet.name,
        mb: p.used.isNullObject
          ? 0
          : (p.used.rowCount * p.used.columnCount * KPPS_BYTES_PER_CELL) / 1e6,
      }));
  });
}

function kppsOnWeb() {
  return Office.context.diagnostics?.platform === Office.PlatformType.OfficeOnline;
}

async function kppsRun(event, scriptName, withTemuan, withRosters) {
  try {
    const auth =
      typeof globalThis.getAuth === "function"
        ? await globalThis.getAuth()
        : { token: "", provider: "" };
    const rosters = withRosters ? await kppsRosterSheets() : [];
    const include = rosters.map((r) => r.sheet);
    if (withTemuan) include.push("Temuan");
    const totalMb = rosters.reduce((sum, r) => sum + r.mb, 0);
    const tooBig = kppsOnWeb() && totalMb > KPPS_WEB_LIMIT_MB;
    await xlwings.runPython({
      auth: auth.token,
      scriptName: scriptName,
      headers: { "Auth-Provider": auth.provider },
      // Nothing but the refusal message travels when the data is too big.
      include: tooBig ? "Temuan" : include.join(",") || "Temuan",
      args: tooBig ? [JSON.stringify(rosters)] : [],
    });
  } finally {
    event.completed();
  }
}

async function kppsPeriksa(event) {
  await kppsRun(event, "periksa_roster", true, true);
}

async function kppsHapus(event) {
  await kppsRun(event, "hapus_tanda", true, false);
}

async function kppsAnggaran(event) {
  await kppsRun(event, "hitung_anggaran", false, true);
}

async function kppsSurat(event) {
  await kppsRun(event, "buat_surat", false, true);
}

Office.actions.associate("kpps-periksa", kppsPeriksa);
Office.actions.associate("kpps-hapus", kppsHapus);
Office.actions.associate("kpps-anggaran", kppsAnggaran);
Office.actions.associate("kpps-surat", kppsSurat);
