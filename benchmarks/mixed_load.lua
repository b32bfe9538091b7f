-- wrk script of benchmarks/mixed_load.py: requests the addresses of a file (one a line,
-- drawn by mixed_load.py) in the file's order, round and round, so that the runs with and
-- without writes send the same requests.
--   wrk -s benchmarks/mixed_load.lua http://127.0.0.1:8906 -- /tmp/addresses.txt
local paths = {}
local next_index = 0

function init(args)
    for line in io.lines(args[1]) do
        paths[#paths + 1] = line
    end
    if #paths == 0 then
        error("no address in " .. args[1])
    end
end

function request()
    next_index = next_index % #paths + 1
    return wrk.format("GET", paths[next_index])
end
