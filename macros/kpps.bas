Attribute VB_Name = "KppsRibbon"
' KPPS desktop add-in (kpps-xl.xlam): ribbon callbacks.
' One generic callback runs the Python entry point named in the button's Tag
' (kpps_xl.excel.desktop.<tag>) through xlwings RunPython, so a new button needs
' only a line of ribbon XML and a Python function.
' Requires the xlwings Excel add-in (same version as the Python package) for RunPython.
Option Explicit

Private Const KPPS_MODULE As String = "kpps_xl.excel.desktop"
Private Const VBA_MAX_ROWS As Long = 32767

' Ribbon callback of every KPPS button (customUI14.xml: onAction="OnKpps", tag="<function>").
Public Sub OnKpps(control As IRibbonControl)
    If ActiveWorkbook Is Nothing Then
        MsgBox "Buka dulu buku kerja berisi daftar petugas.", vbExclamation, "KPPS"
        Exit Sub
    End If
    Application.Run "'xlwings.xlam'!RunPython", _
        "import " & KPPS_MODULE & " as d; d." & control.Tag & "()"
End Sub

' Called by the server path (VBA RunRemotePython) through a runMacro action:
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

' Server path without local Python: RunRemotePython with a size check first, because
' RunRemotePython counts rows in 16-bit Integers and fails above 32,767 rows.
Public Sub KppsJalankanServer(ScriptName As String, Url As String)
    Dim ws As Worksheet
    For Each ws In ActiveWorkbook.Worksheets
        If ws.UsedRange.Row + ws.UsedRange.Rows.Count - 1 > VBA_MAX_ROWS Then
            MsgBox "Lembar '" & ws.Name & "' berisi lebih dari 32.767 baris, batas tombol VBA. " & _
                "Gunakan tab KPPS dari server (add-in Office.js) atau 'kpps-xl check', " & _
                "atau bagi lembar per kecamatan.", vbExclamation, "KPPS"
            Exit Sub
        End If
    Next ws
    Application.Run "RunRemotePython", Url & "/xlwings/custom-scripts-call/" & ScriptName
End Sub
