"""Streamlit's own English said in Russian (issue 14, item 8): texts the framework draws itself
(table toolbar, menus, date picker, file uploader, dialogs), renamed in the browser by
ui/russian.py. Keys are Streamlit 1.67's exact English; a new Streamlit may add texts, and
tests/browser/test_russian.py finds them."""

from __future__ import annotations

from ui.texts import UPLOAD_BUTTON

# whole texts (a node's text, title, aria-label or placeholder, trimmed): English -> Russian
STREAMLIT_RUSSIAN = {
    "Download as CSV": "Скачать CSV",
    "Download": "Скачать",
    "Search": "Поиск",
    "Fullscreen": "Во весь экран",
    "Close fullscreen": "Свернуть",
    "Show/hide columns": "Показать или скрыть столбцы",
    "Add row": "Добавить строку",
    "Delete row": "Удалить строку",
    "Delete rows": "Удалить строки",
    "Select all": "Выбрать все",
    "No results": "Ничего не найдено",
    "No options to select": "Выбирать не из чего",
    "Choose an option": "Выберите",
    "Choose options": "Выберите",
    "Clear all": "Очистить всё",
    "Clear value": "Очистить",
    "Clear": "Очистить",
    "Page not found": "Страница не найдена",
    "Running...": "Выполняется…",
    "Stop": "Остановить",
    "Rerun": "Обновить",
    "Settings": "Настройки",
    "Print": "Печать",
    "Record a screencast": "Записать экран",
    "About": "О программе",
    "Clear cache": "Очистить кэш",
    "Main menu": "Главное меню",
    "Open sidebar": "Открыть боковую панель",
    "Close sidebar": "Закрыть боковую панель",
    "Collapse sidebar": "Свернуть боковую панель",
    "Expand sidebar": "Развернуть боковую панель",
    "Copy to clipboard": "Копировать",
    "Increment value": "Больше",
    "Increment": "Больше",
    "Decrement": "Меньше",
    "Decrement value": "Меньше",
    "Open": "Открыть",
    "Close": "Закрыть",
    "Previous month.": "Предыдущий месяц",
    "Next month.": "Следующий месяц",
    "Choose a date": "Выберите дату",
    # the table's search (toolbar «Поиск» or Ctrl+F)
    "Type to search": "Введите текст для поиска",
    "Previous Result": "Предыдущее совпадение",
    "Next Result": "Следующее совпадение",
    "Close Search": "Закрыть поиск",
    "1 result": "Найдено: 1",
    "over 1000": "Найдено: больше 1000",
    "Sort ascending": "По возрастанию",
    "Sort descending": "По убыванию",
    "Autosize": "Подобрать ширину",
    "Pin column": "Закрепить столбец",
    "Unpin column": "Открепить столбец",
    "Hide column": "Скрыть столбец",
    "Format": "Формат",
    "Skip to main content": "Перейти к содержимому",
    "Sidebar": "Боковая панель",
    "App pages": "Страницы",
    "Link to heading": "Ссылка на заголовок",
    "Show data": "Показать данные",
    "Download as PNG": "Скачать PNG",
    "Download as SVG": "Скачать SVG",
    "Copy Vega-Lite spec": "Копировать описание графика",
    "Vega visualization": "График",
    "Choose date": "Выберите дату",
    "Selected values": "Выбрано",
    "Show password": "Показать пароль",
    "Hide password": "Скрыть пароль",
    # «Page not found» dialog's text
    "The page that you have requested does not seem to exist. Running the app's main page.": (
        "Такой страницы нет. Открыта главная страница."
    ),
    # date picker
    "Previous month": "Предыдущий месяц",
    "Next month": "Следующий месяц",
    "Choose date range": "Выберите период",
    "Date range": "Период",
    "Quick select a date range": "Быстрый выбор периода",
    "Select...": "Выберите…",
    "Clear date": "Очистить дату",
    "Clear dates": "Очистить даты",
    "Use arrow keys to navigate dates. Enter to select. Escape to close.": (
        "Стрелки — переход по дням, Enter — выбрать, Esc — закрыть."
    ),
    # an empty date field's segments (the date format is DD.MM.YYYY on every page)
    "dd": "дд",
    "mm": "мм",
    "yyyy": "гггг",
    # file uploader
    "Upload": UPLOAD_BUTTON,
    "Upload directories": "Выбрать папку",
    "Add files": "Добавить файлы",
    "file upload": "выбор файла",
    "Drag and drop a file here": "Перетащите файл сюда",
    "Drag and drop files here": "Перетащите файлы сюда",
    "Drag and drop directories here": "Перетащите папки сюда",
    "This type of files are not allowed.": "Файлы такого типа здесь не принимаются.",
    # the connection to the server lost (a restart, the network)
    "Connecting": "Подключение",
    "Please wait...": "Подождите…",
    "Connection error": "Нет связи с сервером",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your "
    "terminal:": "Сервер приложения не отвечает. Если он остановлен, запустите его снова.",
    "Streamlit server is not responding. Are you connected to the internet?": (
        "Сервер приложения не отвечает. Проверьте подключение к сети."
    ),
    "Unable to connect to Streamlit server": "Не удаётся подключиться к серверу приложения",
    "Connection lost. Please wait for the app to reconnect, then try again.": (
        "Связь с сервером потеряна. Дождитесь её восстановления и повторите."
    ),
    "Reconnected to server.": "Связь с сервером восстановлена.",
    "Connection timed out.": "Сервер не ответил вовремя.",
    "Try again": "Повторить",
    "Stopping...": "Остановка…",
    "Script execution error": "Ошибка на странице",
    "Warning": "Предупреждение",
    "Scroll tabs left": "Прокрутить вкладки влево",
    "Scroll tabs right": "Прокрутить вкладки вправо",
    "View less": "Свернуть",
    "View more": "Показать ещё",
    # a checkbox cell's accessible copy in a table (the grid draws a box)
    "true": "да",
    "false": "нет",
    # react-aria (Streamlit's select boxes and date fields) speaks en-US whatever the browser's
    # language: its hidden announcements and labels
    "Dismiss": "Закрыть",
    "Show suggestions": "Показать варианты",
    "Suggestions": "Варианты",
    "Calendar": "Календарь",
    "Start Date": "Начало",
    "End Date": "Конец",
    "Previous": "Назад",
    "Next": "Вперёд",
    "Click to start selecting date range": "Нажмите, чтобы начать выбор периода",
    "Click to finish selecting date range": "Нажмите, чтобы закончить выбор периода",
    "First available date": "Первая доступная дата",
    "Last available date": "Последняя доступная дата",
}
# texts Streamlit builds around a label or a value: (JavaScript regular expression over the whole
# trimmed text, Russian replacement with $1 for the kept part)
STREAMLIT_PATTERNS = (
    ("^day, (.*)$", "день, $1"),
    ("^month, (.*)$", "месяц, $1"),
    ("^year, (.*)$", "год, $1"),
    ("^hour, (.*)$", "час, $1"),
    ("^minute, (.*)$", "минута, $1"),
    ("^second, (.*)$", "секунда, $1"),
    ("^day of the week, (.*)$", "день недели, $1"),
    ("^Remove (.*)$", "Убрать $1"),
    ("^([\\d,\u00a0 ]+) options? available\\.$", "Вариантов: $1."),
    (
        "^Entered group (.*), with ([\\d,\u00a0 ]+) options?\\. (.*)$",
        "Группа $1, вариантов: $2. $3",
    ),
    ("^(\\d+) results$", "Найдено: $1"),
    ("^(\\d+) of 1 result$", "$1 из 1"),
    ("^(\\d+) of (\\d+) results$", "$1 из $2"),
    ("^(\\d+) of over 1000$", "$1 из более чем 1000"),
    ("^Selected Date: (.*)$", "Выбрана дата: $1"),
    ("^Selected Range: (.*) to (.*)$", "Выбран период: $1 — $2"),
    ("^Selected Range: (.*)$", "Выбран период: $1"),
    ("^Selected Time: (.*)$", "Выбрано время: $1"),
    ("^Today, (.*) selected$", "Сегодня, $1, выбрано"),
    ("^Today, (.*)$", "Сегодня, $1"),
    ("^(.*?),? selected$", "$1, выбрано"),
    ("^Choose date, (.*)$", "Выберите дату, $1"),
    ("^Choose date range, (.*)$", "Выберите период, $1"),
    ("^(.*) start date$", "$1, начало"),
    ("^(.*) end date$", "$1, конец"),
    (
        "^File is too large\\. Maximum size is (.*) bytes\\.$",
        "Файл слишком большой: больше $1 байт.",
    ),
    ("^(.*) files are not allowed\\.$", "Файлы такого типа здесь не принимаются ($1)."),
)

# charts' time locale (ui/charts.py): months in the nominative, as an axis label stands alone
MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
          "октябрь", "ноябрь", "декабрь"]  # fmt: skip
SHORT_MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
DAYS = ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"]
SHORT_DAYS = ["вс", "пн", "вт", "ср", "чт", "пт", "сб"]
