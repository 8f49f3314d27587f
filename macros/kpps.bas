Attribute VB_Name = "KppsRibbon"
' KPPS desktop add-in (kpps-xl.xlam): ribbon callbacks.
' Group "Python di komputer ini": OnKpps runs the Python entry point named in the button's
' Tag (kpps_xl.excel.desktop.<tag>) with xlwings RunPython and the local interpreter.
' Group "Lewat server": OnKppsServer posts the workbook to `kpps-xl serve` with xlwings
' RunServerPython (RunRemotePython is deprecated since xlwings 0.33).
' Both need the xlwings Excel add-in (`xlwings addin install`), same version as the Python
' package. A new button needs only a line of ribbon XML and a Python function.
Option Explicit

Private Const KPPS_MODULE As String = "kpps_xl.excel.desktop"
Private Const VBA_MAX_ROWS As Long = 32767
Private Const KPPS_DEFAULT_SERVER As String = "https://127.0.0.1:8000"

' Ribbon callback of the local buttons (customUI14.xml: onAction="OnKpps", tag="<function>").
' Python finds kpps-xl.toml next to the workbook itself (RunPython does not change directory).
Public Sub OnKpps(control As IRibbonControl)
    If Not KppsAdaBukuKerja() Then Exit Sub
    Application.Run "'xlwings.xlam'!RunPython", _
        "import " & KPPS_MODULE & " as d; d." & control.Tag & "()"
End Sub

' Ribbon callback of the server buttons (onAction="OnKppsServer", tag="<script name>").
Public Sub OnKppsServer(control As IRibbonControl)
    If Not KppsAdaBukuKerja() Then Exit Sub
    KppsJalankanServer control.Tag, KppsAlamatServer()
End Sub

Private Function KppsAdaBukuKerja() As Boolean
    If ActiveWorkbook Is Nothing Then
        MsgBox "Buka dulu buku kerja berisi daftar petugas.", vbExclamation, "KPPS"
        KppsAdaBukuKerja = False
    Else
        KppsAdaBukuKerja = True
    End If
End Function

' Server address: the KPPS_SERVER value of an "xlwings.conf" sheet, else the local default.
Private Function KppsAlamatServer() As String
    Dim ws As Worksheet, cell As Range
    KppsAlamatServer = KPPS_DEFAULT_SERVER
    On Error Resume Next
    Set ws = ActiveWorkbook.Worksheets("xlwings.conf")
    On Error GoTo 0
    If ws Is Nothing Then Exit Function
    For Each cell In ws.Range("A1:A50")
        If UCase(Trim(CStr(cell.Value))) = "KPPS_SERVER" Then
            If Trim(CStr(cell.Offset(0, 1).Value)) <> "" Then
                KppsAlamatServer = Trim(CStr(cell.Offset(0, 1).Value))
            End If
            Exit Function
        End If
    Next cell
End Function

' Called by the server path (VBA RunServerPython) through a runMacro action:
' colour the cells listed in Addresses ("C5,C9:C11,...") with a #RRGGBB colour,
' or clear their fill when Colour is empty. One call per sheet and colour.
Public Sub KppsTandai(wb As Workbook, SheetName As String, Colour As String, Addresses As String)
    Dim ws As Worksheet, parts() As String, chunk As String, i As Long
    Set ws = wb.Worksheets(SheetName)
    parts = Split(Addresses, ",")
    chunk = ""
    For i = LBound(parts) To UBound(parts)
        If Len(chunk) + Len(parts(i)) + 1 > 250 Then
            KppsWarnai ws.Range(chunk), Colour
            chunk = ""
        End If
        If chunk = "" Then chunk = parts(i) Else chunk = chunk & "," & parts(i)
    Next i
    If chunk <> "" Then KppsWarnai ws.Range(chunk), Colour
End Sub

Private Sub KppsWarnai(target As Range, Colour As String)
    If Colour = "" Then
        target.Interior.Pattern = xlNone
    Else
        target.Interior.Color = RGB(CLng("&H" & Mid(Colour, 2, 2)), _
            CLng("&H" & Mid(Colour, 4, 2)), CLng("&H" & Mid(Colour, 6, 2)))
    End If
End Sub

' Server path without local Python: RunServerPython with a size check first, because
' xlwings' VBA client counts rows in 16-bit Integers and fails above 32,767 rows.
Public Sub KppsJalankanServer(ScriptName As String, Url As String)
    Dim ws As Worksheet
    For Each ws In ActiveWorkbook.Worksheets
        If ws.UsedRange.Row + ws.UsedRange.Rows.Count - 1 > VBA_MAX_ROWS Then
            MsgBox "Lembar '" & ws.Name & "' berisi lebih dari 32.767 baris, batas tombol VBA. " & _
                "Gunakan tombol 'Python di komputer ini', tab KPPS dari server (add-in Office.js) " & _
                "atau 'kpps-xl check', atau bagi lembar per kecamatan.", vbExclamation, "KPPS"
            Exit Sub
        End If
    Next ws
    Application.Run "'xlwings.xlam'!RunServerPython", Url & "/xlwings/custom-scripts-call/" & ScriptName
End Sub
