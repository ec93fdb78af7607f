"""Refusals a person can cause through the app: files and pasted text that cannot be read, edits the model or
the core refuses. Each is a :class:`cjm.errors.CJMError` (or a :class:`cjm.errors.Phrase` problem) built from its
key here, so the English line (the CLI, logs) and the Russian one have one home.

Merged into :data:`cjm.i18n.STRINGS` (same rules: both languages, same placeholders, every key used). Sizes and
counts arrive as :class:`cjm.numbers.Megabytes` / :class:`cjm.numbers.Whole` and are written in the reader's
locale; a parameter that is itself a phrase is said in the reader's language.
"""

STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
    # --- reading a file (cjm/mapfile.py, cjm/formats.py) ---
    "err.file.the_file": {"ru": "файл", "en": "the file"},
    "err.file.too_big": {"ru": "{name}: {size}, больше предела {limit}",
                         "en": "{name}: {size}, over the limit of {limit}"},
    "err.file.empty": {"ru": "{name}: файл пуст", "en": "{name}: the file is empty"},
    "err.file.not_utf8": {
        "ru": "{name}: текст не в UTF-8 (байт {byte} в позиции {position}); сохраните файл как JSON в UTF-8",
        "en": "{name}: not UTF-8 text (byte {byte} at position {position}); save it as UTF-8 JSON"},
    "err.file.json": {"ru": "{name}: это не JSON: {reason} (строка {line}, столбец {column})",
                      "en": "{name}: not valid JSON: {reason} at line {line}, column {column}"},
    "err.file.json_constant": {"ru": "{name}: это не JSON: {constant} — не число JSON",
                               "en": "{name}: not valid JSON: {constant} is not a JSON number"},
    "err.file.json_deep": {"ru": "{name}: вложенность слишком глубокая для карты",
                           "en": "{name}: nested too deeply to be a map"},
    "err.file.folder": {"ru": "{name}: это папка, а не файл карты", "en": "{name}: a folder, not a map file"},
    "err.file.missing": {"ru": "{name}: такого файла нет", "en": "{name}: no such file"},
    "err.file.denied": {"ru": "{name}: нет доступа к файлу", "en": "{name}: permission denied"},
    "err.file.unreadable": {"ru": "{name}: не удалось прочитать файл ({reason})",
                            "en": "{name}: cannot read it ({reason})"},
    "err.format.no_extension": {"ru": "файлы без расширения", "en": "files without an extension"},
    "err.format.read": {"ru": "{name}: такие файлы не читаются ({extension}); читаются: {formats}",
                        "en": "{name}: cannot read {extension}; readable: {formats}"},
    "err.format.write": {"ru": "{name}: в такой файл не записать ({extension}); можно: {formats}",
                         "en": "{name}: cannot write {extension}; writable: {formats}"},
    "err.format.import": {"ru": "{name}: такие файлы не импортируются ({extension}); можно: {formats}",
                          "en": "{name}: cannot import {extension}; importable: {formats}"},
    # --- a JSON document that is not a map (cjm/mapfile.py) ---
    "err.map.not_object": {"ru": "нужен объект JSON с картой (название, дорожки, этапы), а здесь {got}",
                           "en": "expected a JSON object with a map (title, lanes, stages), got {got}"},
    "err.map.no_version": {"ru": "это не карта CJM Studio: нет поля \"schema_version\"",
                           "en": "not a CJM Studio map: the \"schema_version\" field is missing"},
    "err.map.bad_version": {"ru": "\"schema_version\" — целое число от 1, а здесь {got}",
                            "en": "\"schema_version\" must be a whole number from 1, got {got}"},
    "err.map.newer": {
        "ru": "файл сделан в более новой версии CJM Studio (формат {version}, эта версия читает до {supported}): "
              "обновите CJM Studio, чтобы открыть его",
        "en": "made by a newer CJM Studio (file format version {version}; this version reads up to {supported}): "
              "update CJM Studio to open it"},
    "err.map.invalid": {"ru": "карта не проходит проверку", "en": "the map is not valid"},
    "err.map.more": {
        "ru": {"one": "{first} (и ещё {count} ошибка)", "few": "{first} (и ещё {count} ошибки)",
               "many": "{first} (и ещё {count} ошибок)"},
        "en": {"one": "{first} (and {count} more problem)", "many": "{first} (and {count} more problems)"}},
    # --- an Excel workbook (cjm/xlsx/safety.py, cjm/xlsx/read.py) ---
    "err.xlsx.old": {"ru": "{name}: старый файл Excel 97–2003 (.xls) или Office: сохраните его как .xlsx или CSV",
                     "en": "{name}: an old Excel 97–2003 (.xls) or Office file: save it as .xlsx or CSV"},
    "err.xlsx.not_zip": {"ru": "{name}: это не книга Excel (файл .xlsx — zip-архив, а этот — нет)",
                         "en": "{name}: not an Excel workbook (an .xlsx file is a zip archive; this one is not)"},
    "err.xlsx.damaged": {"ru": "{name}: книга Excel повреждена или загружена не полностью (не читается как zip/xlsx)",
                         "en": "{name}: a damaged or incomplete workbook (not a readable zip/xlsx file)"},
    "err.xlsx.parts": {
        "ru": {"one": "{name}: в книге {count} часть; предел — {limit}",
               "few": "{name}: в книге {count} части; предел — {limit}",
               "many": "{name}: в книге {count} частей; предел — {limit}"},
        "en": {"one": "{name}: {count} part in the workbook; the limit is {limit}",
               "many": "{name}: {count} parts in the workbook; the limit is {limit}"}},
    "err.xlsx.unpacked": {
        "ru": "{name}: в распакованном виде {size}, больше предела {limit} (zip-бомба или слишком большая книга)",
        "en": "{name}: unpacks to {size}, over the limit of {limit} (a zip bomb or a far too large workbook)"},
    "err.xlsx.ratio": {"ru": "{name}: часть книги сжата в {ratio} раз (zip-бомба?); файл не принят",
                       "en": "{name}: a part of the workbook is compressed {ratio} times (a zip bomb?); refused"},
    "err.xlsx.no_workbook": {"ru": "{name}: это zip-архив, но не книга Excel (нет xl/workbook.xml)",
                             "en": "{name}: a zip archive but not an Excel workbook (no xl/workbook.xml)"},
    "err.xlsx.forbidden": {
        "ru": "{name}: в книге запрещённый XML (объявления сущностей или DTD: XML-бомба?); файл не принят",
        "en": "{name}: the workbook contains forbidden XML (entity or DTD declarations: an XML bomb?); refused"},
    "err.xlsx.unreadable": {"ru": "{name}: книга повреждена и не читается ({error})",
                            "en": "{name}: a damaged workbook that cannot be read ({error})"},
    "err.xlsx.no_table": {
        "ru": "{name}: ни на одном листе нет таблицы карты пути (нет подписей дорожек вроде «Действия», «Эмоции», "
              "«Actions», «Pain points» в столбце или строке заголовков)",
        "en": "{name}: no sheet holds a journey map table (no lane labels such as \"Действия\", \"Эмоции\", "
              "\"Actions\", \"Pain points\" in a column or a header row)"},
    # --- a CSV file or pasted cells (cjm/xlsx/csv.py, cjm/xlsx/foreign.py, cjm/import_plan.py) ---
    "err.csv.utf16": {"ru": "{name}: повреждённый текст в UTF-16", "en": "{name}: damaged UTF-16 text"},
    "err.csv.binary": {"ru": "{name}: двоичные данные, а не таблица CSV (сохраните таблицу как .xlsx или CSV)",
                       "en": "{name}: binary data, not a CSV table (save the spreadsheet as .xlsx or CSV)"},
    "err.csv.unreadable": {"ru": "{name}: таблица CSV не читается ({reason})",
                           "en": "{name}: not a readable CSV table ({reason})"},
    "err.csv.no_table": {
        "ru": "{name}: таблица карты пути не найдена (нет подписей дорожек вроде «Действия», «Эмоции», «Actions», "
              "«Pain points» в первом столбце или строке заголовков)",
        "en": "{name}: no journey map table found (no lane labels such as \"Действия\", \"Эмоции\", \"Actions\", "
              "\"Pain points\" in the first column or a header row)"},
    "err.paste.too_big": {"ru": "{name}: больше {limit} МБ текста", "en": "{name}: more than {limit} MB of text"},
    "err.paste.empty": {"ru": "{name}: ничего не вставлено", "en": "{name}: nothing pasted"},
    "err.paste.unreadable": {"ru": "{name}: не читается как ячейки таблицы ({reason})",
                             "en": "{name}: not readable as table cells ({reason})"},
    "err.table.no_stages": {"ru": "{name}: в таблице есть подписи дорожек, но нет этапов",
                            "en": "{name}: the table has lane labels but no stages"},
    # --- the mapping step's choices (cjm/import_plan.py) ---
    "err.plan.no_source": {"ru": "в таблице нет строки или столбца с подписью «{source}»; есть: {sources}",
                           "en": "no row or column labelled “{source}” in the table; there are: {sources}"},
    "err.plan.no_lane": {"ru": "«{source}»: нет дорожки «{lane}»; дорожки: {lanes}",
                         "en": "“{source}”: no lane “{lane}”; lanes: {lanes}"},
    "err.plan.no_scale": {"ru": "«{source}» — не дорожка важности или эмоций: её значениям баллы не ставятся",
                          "en": "“{source}” is not an importance or emotion lane: its values take no score"},
    "err.plan.score": {"ru": "«{source}»: «{value}» → {score}: балл — одно из {allowed}",
                       "en": "“{source}”: “{value}” → {score}: a score is one of {allowed}"},
}
