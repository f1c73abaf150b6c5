"""Word lists shared by the rule-based extractor modules.

They are general English (and a little general history) vocabulary: function words, titles,
heads of organisation and event names, event verbs grouped into classes. Nothing here names a
particular person or text; the lists only tell the rules which capitalised words cannot be
part of a personal name and which verbs make a dated statement a happening.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "january jan",
        "february feb",
        "march mar",
        "april apr",
        "may",
        "june jun",
        "july jul",
        "august aug",
        "september sep sept",
        "october oct",
        "november nov",
        "december dec",
    ),
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _i

WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
SEASON_WORDS = _words("spring summer autumn fall winter")

# Month names of other calendars: a year written beside them is not a Gregorian year.
OTHER_CALENDAR_MONTHS = _words(
    "muharram safar rabi rajab shaban sha'ban ramadan shawwal dhu jumada "
    "tishrei tishri heshvan cheshvan kislev tevet shevat adar nisan iyar sivan tammuz elul "
    "vendemiaire vendémiaire brumaire frimaire nivose nivôse pluviose pluviôse ventose ventôse "
    "germinal floreal floréal prairial messidor thermidor fructidor "
    "farvardin ordibehesht khordad mordad shahrivar aban azar dey bahman esfand"
)

# Capitalised words that start sentences or headings and are never part of a name.
FUNCTION_WORDS = _words(
    "the a an in on at by for from to of and but or nor as after before during since until "
    "till with without following when while his her their its our it he she they we i you "
    "this that these those there here however although though despite meanwhile moreover "
    "furthermore nonetheless nevertheless also some many most all each every such what why "
    "how who whom whose where which not no yes over under between among through throughout "
    "within beginning continuing officially then thus hence so if once upon later earlier "
    "soon finally eventually first second third last next other another both either neither "
    "one two three four five six seven eight nine ten several few more less much very only "
    "just even still yet again already instead rather perhaps indeed today tomorrow "
    "yesterday now my your me him them us is was were are be been being has have had do does "
    "did will would shall should can could may might must let according because unlike like "
    "about above below around against along across into onto toward towards near beyond "
    "unless whether whereas via per amid amidst except out up down off inside outside "
    "mr mrs ms dr jr sr etc vs"
)

# Titles and offices: a cue that a name follows, stripped from the name itself.
TITLES = _words(
    "mr mrs ms miss dr sir dame lord lady king queen prince princess emperor empress tsar czar "
    "tsarina tsarevich kaiser shah sultan caliph emir pharaoh pope bishop archbishop "
    "cardinal father brother sister rabbi imam sheikh president vice premier chancellor "
    "minister secretary chairman chairwoman general marshal field admiral commodore colonel "
    "major captain lieutenant sergeant commander governor senator congressman ambassador "
    "consul proconsul dictator shogun daimyo duke duchess count countess baron baroness earl "
    "viscount marquis marquess comrade professor prof judge justice mayor deputy prime grand "
    "generalissimo khan raja maharaja regent chief mister madame monsieur herr frau "
    "reverend rev lt gen col capt sgt adm gov sen pres fr hon honourable honorable "
    "tribune legate centurion prefect praetor censor augustus caesar citizen abbé abbe"
)
# Offices one person holds at a time: "the emperor" in a text about Emperor Meiji is him.
OFFICES = _words(
    "king queen emperor empress tsar czar tsarina kaiser shah sultan caliph emir pharaoh "
    "pope president premier chancellor shogun dictator khan regent"
)
# Titles that are also ordinary given names or surnames are only stripped before another name.
TITLE_IS_NAME_TOO = _words("caesar augustus major king")

# Head words of organisations, events, periods, works and places: a capitalised run that
# contains one of them names a thing, not a person.
THING_HEADS = _words(
    "party union committee congress council army navy bureau politburo presidium ministry "
    "government parliament senate assembly diet court church empire kingdom republic state "
    "states federation confederation league alliance bloc front war wars revolution "
    "rebellion uprising revolt crisis treaty pact accord agreement conference summit speech "
    "address declaration constitution oath act law purge purges thaw era period age dynasty "
    "shogunate restoration reformation renaissance movement campaign plan program programme "
    "company corporation university college school institute academy society museum library "
    "bank times post news press journal review gazette street road avenue square palace "
    "castle tower bridge river lake sea ocean bay gulf mountain mountains mount island islands "
    "peninsula valley desert forest province prefecture city county district region oblast "
    "station airport port fortress fort temple cathedral abbey mosque shrine gate gates hall "
    "building center centre missile battle siege massacre famine genocide holocaust cult "
    "camp camps prize award medal course moments edition page chapter volume gulag gulags "
    "jump navigation changes edit menu search contents references retrieved category "
    "source sources note notes summary legacy impact content tone delivery repercussions "
    "acknowledgment acknowledgement denunciation call reforms reform policies policy easing "
    "industrialization collectivization intervention occupation independence domain domains "
    "rule reign death birth life rise fall years year day days time history world "
    "happened matter does stage trial trials games olympics expedition voyage mission "
    "office house senate commission agency police guard guards force forces corps fleet "
    "brigade division regiment legion legions tribe clan people peoples nation nations "
    "faith religion order orders club team association institution foundation network "
    "system crisis affair incident scandal riot riots strike strikes protest protests "
    "election elections referendum coup invasion landing landings offensive operation "
    "festival exhibition fair "
    "wall canal railway highway line plateau basin coast cape strait straits channel "
    "hills heights plains falls harbour harbor "
    # the same heads in French, Spanish, Italian and German names of places and works
    "chapelle église eglise rue boulevard palais château chateau musée musee cathédrale "
    "iglesia capilla calle plaza palacio museo catedral castillo chiesa piazza palazzo "
    "duomo kirche schloss platz strasse straße dom kloster"
)

# Adjectives of nationality, religion, ideology and direction; never a name on their own.
ADJECTIVES = _words(
    "soviet russian american british english french german nazi japanese chinese cuban "
    "communist socialist marxist leninist stalinist eastern western northern southern central "
    "european asian african roman greek byzantine ottoman imperial royal national "
    "international federal political secret great supreme holy sino anglo catholic protestant "
    "orthodox christian muslim islamic jewish buddhist hindu bolshevik menshevik tsarist "
    "confederate allied axis democratic republican liberal conservative labour polish "
    "hungarian italian spanish portuguese dutch belgian swiss austrian prussian turkish "
    "persian arab arabic egyptian indian korean vietnamese mongol mongolian ukrainian "
    "georgian czech slovak serbian croatian bulgarian romanian finnish swedish norwegian "
    "danish irish scottish welsh canadian mexican brazilian argentine chilean "
    "north south east west new old upper lower high low first second third fourth "
    "deputy acting former late young elder younger modern ancient medieval early mid "
    "twentieth nineteenth eighteenth seventeenth sixteenth fifteenth twenty-first "
    "total cold civil world global official famous local regional general"
)

# A few countries, regions and cities; the place rules also use the text's own cues.
PLACES = _words(
    "afghanistan albania algeria america argentina armenia australia austria azerbaijan "
    "belarus belgium bolivia bosnia brazil britain bulgaria burma cambodia canada chile "
    "china colombia croatia cuba cyprus czechoslovakia denmark egypt england estonia "
    "ethiopia europe asia africa finland france germany greece hungary iceland india "
    "indonesia iran iraq ireland israel italy japan jordan kazakhstan korea kosovo latvia "
    "lebanon libya lithuania macedonia mexico moldova mongolia montenegro morocco nepal "
    "netherlands nigeria norway pakistan palestine peru philippines poland portugal prussia "
    "romania russia scotland serbia siberia slovakia slovenia spain sudan sweden switzerland "
    "syria taiwan thailand tibet tunisia turkey ukraine uruguay ussr uk usa venezuela "
    "vietnam wales yugoslavia zimbabwe manchuria crimea byzantium mesopotamia persia "
    "anatolia gaul carthage babylon judea macedon sparta athens rome constantinople "
    "moscow leningrad petersburg petrograd stalingrad kiev kyiv warsaw berlin paris london "
    "vienna budapest prague madrid lisbon istanbul ankara cairo baghdad tehran delhi beijing "
    "peking shanghai tokyo kyoto osaka edo nanjing hong kong seoul hanoi saigon havana "
    "jerusalem alexandria antioch damascus mecca medina venice florence milan naples "
    "geneva brussels amsterdam stockholm oslo copenhagen helsinki dublin edinburgh munich "
    "hamburg potsdam versailles yalta tehran"
)

PLACE_SUFFIXES = ("burg", "grad", "stan", "land", "polis", "ville", "shire", "sk")

# Words that cannot follow a personal name as its verb (the run is a thing or place).
PERSON_VERBS = _words(
    "said says say wrote writes argued argues believed believes claimed claims noted notes "
    "stated states told asked died dies born became becomes ruled rules led leads reigned "
    "married marries succeeded succeeds resigned resigns returned returns fled flees "
    "ordered orders declared declares announced announces denounced denounces delivered "
    "delivers insisted insists refused refuses agreed agrees decided decides sought seeks "
    "hoped hopes wanted wants tried tries took takes gave gives made makes won wins lost loses "
    "met meets visited visits signed signs appointed elected nominated replaced promoted "
    "proclaimed accused criticized criticised condemned advocated acknowledged emerged "
    "engaged united rose fell served serves founded founds built builds wrote commanded "
    "defeated conquered invaded attacked killed murdered assassinated executed arrested "
    "imprisoned exiled abdicated crowned inherited controlled used uses implemented "
    "orchestrated consolidated suffered remained remains anchored demanded came comes "
    "went goes saw sees felt thought knew had has was is would will could should might "
    "must did does who whom whose himself herself"
)

# Nouns that, after "X's", show that X is a person.
PERSON_NOUNS = _words(
    "death birth life wife husband son sons daughter daughters father mother brother sister "
    "children family widow heir successor predecessor rule reign regime leadership "
    "government administration policies policy reforms career youth childhood funeral "
    "assassination murder execution arrest trial speech speeches words letter letters "
    "memoirs diary views opponents rivals supporters followers allies friends colleagues "
    "legacy cult personality successors court army forces troops fleet navy"
)

# Role nouns in apposition (", the leader of ...") or before a name ("the dictator X").
ROLE_NOUNS = _words(
    "leader ruler king queen emperor empress president premier chancellor secretary "
    "chairman minister general marshal commander dictator tsar czar shogun pope founder "
    "heir successor predecessor son daughter wife husband widow brother sister father mother "
    "chief head official officer governor prince princess duke author writer poet "
    "historian philosopher scientist painter composer general lord negotiator envoy "
    "ambassador consul senator admiral commodore captain colonel candidate rival opponent "
    "member friend lawyer deacon geologist graduate astronaut pilot engineer merchant bishop "
    "priest monk nun poet playwright novelist artist architect explorer general generals "
    "cousin nephew niece uncle aunt grandson granddaughter satrap satraps tutor teacher "
    "stepson stepdaughter stepfather stepmother grandfather grandmother companion ally "
    "lieutenant deputy assassin assassins mistress consort regent chancellor rebel"
)

# Event classes: verbs and nominalisations grouped by the kind of happening they report.
# Two reports of one happening share a class; a class mismatch keeps them apart.
EVENT_CLASSES: dict[str, str] = {}
for _cls, _ws in {
    "death": "died dies die death passed perished killed assassinated murdered executed "
    "assassination murder execution demise",
    "birth": "born birth",
    "accession": "appointed appointment elected election became becomes become named "
    "succeeded succeeds succession crowned coronation inaugurated inauguration installed "
    "assumed ascended accession replaced took takes seized rose",
    "removal": "removed ousted deposed overthrown dismissed resigned resignation abdicated "
    "abdication sidelined pushed forced expelled exiled exile fall fell",
    "arrest": "arrested arrest imprisoned detained captured jailed sentenced",
    "speech": "speech address delivered denounced denunciation addressed",
    "announce": "announced announcement proclaimed proclamation declared declaration",
    "consolidate": "consolidated consolidating consolidation",
    "meeting": "opened convened met meeting congress conference summit",
    "war": "revolt revolts revolted uprising rebellion rising war battle invaded invasion "
    "attacked attack defeated defeat conquered siege "
    "fought fighting surrendered surrender victory",
    "treaty": "signed treaty agreement pact",
    "founding": "founded established created founding establishment abolished",
    "marriage": "married marriage wedding",
    "release": "released release freed returned",
    "stroke": "stroke illness ill",
}.items():
    for _w in _ws.split():
        EVENT_CLASSES.setdefault(_w, _cls)

# Nouns that make a dated noun phrase a happening ("the death of X in 1924").
EVENT_NOUNS = _words(
    "death birth speech address election coronation inauguration accession appointment "
    "war battle revolution revolt revolts uprising rebellion coup invasion treaty split "
    "crisis congress conference summit assassination execution arrest trial abdication "
    "resignation marriage wedding founding establishment fall siege massacre famine purge "
    "purges strike protest riot riots independence collapse visit meeting signing "
    "construction launch landing earthquake fire flood eruption plague epidemic election "
    "referendum declaration proclamation restoration reform reforms release "
    "surrender victory defeat uniting unification partition occupation liberation march "
    "foundation"
)

# Verbs that describe a state rather than a happening.
STATIVE_VERBS = _words(
    "was were is are be been being had has have seemed seems remained remains needed needs "
    "wanted wants knew knows believed believes considered regarded known called named "
    "thought felt liked loved hated owned contained consisted belonged lacked meant "
    "appeared looked sounded existed lived stood lay"
)

# Verbs (past tense) that are not regular "-ed" forms.
IRREGULAR_PAST = _words(
    "became began rose fell took gave made won lost led held met sent went came saw wrote "
    "fought left built broke spoke chose drove ran bought brought caught taught sold told "
    "found stood struck swore threw wore hid bore slew shot split spread set put cut hit "
    "quit sat fled bled bound ground wound overthrew overcame undertook withdrew forbade "
    "foresaw rebuilt rode rang sang sank shook stole strove sprang arose awoke beat bit bent "
    "burnt dealt dug drew fed forgot froze got grew hung kept knelt laid lent lit meant paid "
    "said sought shone slept stuck swept swung tore understood upheld wept "
    "born died beaten taken given driven written chosen broken spoken fallen risen shown "
    "begun won sworn thrown grown drawn hidden ridden stolen slain overthrown forbidden "
    "cost become spent flew heard sped swam thrust wove withstood underwent forgave "
    "befell beheld bestowed forsook mislaid misled outran outgrew overtook overrode oversaw "
    "shut slid spun stank stung strode strung swore trod"
)

# Base forms of verbs that report happenings, to read the historical present of timelines
# ("In 1066 William invades England", "the plague reaches Florence").
BASE_VERBS = _words(
    "invade seal sign discover reach fall found capture defeat declare elect crown abdicate "
    "arrive sail land open close publish launch begin end die marry win lose take become "
    "lead issue order grant build destroy burn sack conquer annex unite establish abolish "
    "create form introduce pass adopt ratify approve reject return leave flee escape enter "
    "visit meet succeed proclaim announce assassinate kill execute arrest release free exile "
    "depose overthrow resign retire move settle explore cross invent patent perform write "
    "paint compose erupt strike collapse surrender mark start finish complete split join "
    "merge host hold reform ban expel rebel revolt attack besiege storm occupy liberate "
    "withdraw retreat advance march seize rise rule reign inherit appoint name dismiss "
    "replace succeed sentence imprison try acquit pardon convert baptize ordain canonize "
    "consecrate dedicate inaugurate unveil ban outlaw legalize abolish free emancipate "
    "colonize settle discover map circumnavigate orbit fly crash sink wreck flood burn "
    "bomb shell shoot stab poison hang behead murder massacre slaughter enslave deport "
    "migrate emigrate immigrate travel journey return graduate study teach lecture "
    "receive award earn bring send give make see go come tell"
)

# Prepositions that end in -ing, so they are not participles.
ING_PREPOSITIONS = _words(
    "during including following regarding concerning according notwithstanding pending "
    "excluding considering beginning starting"
)

# Cues before a year that make it a date ("in 1953", "until 1964").
YEAR_CUES = _words(
    "in by since from until till during before after circa c. ca. around about of to "
    "through throughout between and year early mid late spring summer autumn fall winter "
    "on as"
)

# Words after a number that make it a count or a measure, not a year.
COUNT_WORDS = _words(
    "people persons men women children soldiers troops officers workers prisoners "
    "peasants members delegates deaths casualties victims dead killed wounded refugees "
    "ships planes aircraft tanks guns horses cattle copies books pages words votes seats "
    "miles kilometres kilometers km meters metres feet ft yards acres hectares tons tonnes "
    "pounds dollars euros rubles roubles yen francs marks lire lbs kg px pt dpi mm cm hours "
    "minutes seconds years months weeks days times percent per cent villages towns cities "
    "kilograms kilogrammes grams tonnes litres liters gallons barrels metres "
    "houses homes families students years-old"
)
