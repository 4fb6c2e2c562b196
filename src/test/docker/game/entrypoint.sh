#!/bin/sh
# As the Pterodactyl yolks do: Wings passes the startup line in STARTUP with {{VAR}} still in it;
# expand each {{VAR}} from the environment and run the result in /home/container.
cd /home/container || exit 1
MODIFIED_STARTUP=$(printf '%s' "$STARTUP" | sed -e 's/{{/${/g' -e 's/}}/}/g')
echo ":/home/container\$ ${MODIFIED_STARTUP}"
eval "exec ${MODIFIED_STARTUP}"
